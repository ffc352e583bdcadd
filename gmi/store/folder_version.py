"""The data folder's own format version, checked before anything is read.

Each file already refuses to be read by an older app, but a folder is more
than its files: a newer app may add folders or move things, and an older
app that started anyway would write beside them in the old way. So the
folder carries `gmi-data.json`, and an app older than that folder refuses
to open it at all, before it writes a single byte (no silent downgrade).
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from gmi import __version__
from gmi.store.errors import NewerVersionError, StoreError
from gmi.store.jsonfile import DamagedFile, read_model, write_model
from gmi.store.paths import Layout

# Raise when the folder layout changes in a way older apps must not touch.
DATA_FOLDER_VERSION = 1


class FolderMark(BaseModel):
    model_config = ConfigDict(extra="allow")  # newer apps may add fields; keep them

    schema_version: int = Field(default=DATA_FOLDER_VERSION, ge=1)
    app_version: str = __version__
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))


class NewerDataFolder(NewerVersionError):
    """The whole data folder belongs to a newer GMI Trainer."""


def check_folder_version(layout: Layout) -> None:
    """Raise NewerDataFolder if the folder was set up by a newer app.

    A damaged or unreadable mark is not a reason to refuse: the files inside
    still carry their own versions, and the mark is written again.
    """
    path = layout.folder_mark_file
    if not path.exists():
        return
    try:
        read_model(path, FolderMark, DATA_FOLDER_VERSION)
    except NewerVersionError as exc:
        seen = _raw(path)
        raise NewerDataFolder(
            layout.root,
            f"was last used by a newer GMI Trainer (version {seen.get('app_version', '?')}, "
            f"data format {seen.get('schema_version', '?')}; this is version {__version__}, "
            f"which reads data format {DATA_FOLDER_VERSION})",
            "Update GMI Trainer to open it. Nothing in the folder was changed.",
        ) from exc
    except (DamagedFile, StoreError):
        return


def mark_folder(layout: Layout) -> None:
    """Write the mark if missing (a folder made or first opened by this app)."""
    path = layout.folder_mark_file
    if path.exists():
        return
    with contextlib.suppress(StoreError, OSError):  # saving problems are reported elsewhere
        write_model(path, FolderMark())


def _raw(path: Path) -> dict:
    try:
        value = json.loads(path.read_text("utf-8-sig"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}
