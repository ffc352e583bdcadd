"""The one object the rest of the app holds: everything under one data root.

It knows the data root, checks the folder's format before anything is
written, finishes or undoes an import cut off by a crash, and hands out the
per-profile session stores.
"""

from __future__ import annotations

from pathlib import Path

from gmi.store.errors import StoreError
from gmi.store.files import check_writable
from gmi.store.folder_version import check_folder_version, mark_folder
from gmi.store.paths import DataRoot, Layout
from gmi.store.placement import recover_imports
from gmi.store.profiles import ProfileStore
from gmi.store.quarantine import NoticeBoard, quarantined_files
from gmi.store.sessions import SessionStore
from gmi.store.settings import AppSettings, load_settings, save_settings


class DataStore:
    """Everything under one data root.

    Raises NewerDataFolder when the folder belongs to a newer app version.
    """

    def __init__(self, root: DataRoot) -> None:
        self.root = root
        self.layout = Layout(root.path)
        self.notices = NoticeBoard()
        self.profiles = ProfileStore(self.layout, self.notices)
        self.write_problem: StoreError | None = None
        check_folder_version(self.layout)  # before anything is written
        # An import cut off by a crash is finished or undone before anything reads
        # the folder, and its staging folder (decrypted records) removed.
        self.recovered = recover_imports(self.layout.root)
        self.check()

    def check(self) -> StoreError | None:
        """Create the root if missing and prove it takes files; remember why not."""
        try:
            check_writable(self.layout.root)
            self.write_problem = None
            mark_folder(self.layout)
        except StoreError as exc:
            self.write_problem = exc
        return self.write_problem

    @property
    def writable(self) -> bool:
        return self.write_problem is None

    def sessions(self, profile_id: str) -> SessionStore:
        return SessionStore(self.layout, profile_id, self.notices)

    def load_settings(self) -> AppSettings:
        return load_settings(self.layout, self.notices)

    def save_settings(self, settings: AppSettings) -> None:
        save_settings(self.layout, settings)

    def update_settings(self, **changes: object) -> AppSettings:
        """Save only these fields over what is on disk; returns the saved settings.

        Screens keep a copy of the settings from when they were built; writing
        that copy back whole would undo another screen's change (the therapist
        PIN set meanwhile, for one). Raises StoreError if it cannot be saved.
        """
        settings = self.load_settings().model_copy(update=changes)
        self.save_settings(settings)
        return settings

    def quarantined(self) -> list[Path]:
        return quarantined_files(self.layout.quarantine_dir)

