"""Where the data lives (DESIGN.md section 3) and how it is laid out.

Resolution order: ``--data-dir`` > ``GMI_DATA_DIR`` > the top-level
``sessions/`` folder of a source checkout > the per-user data folder. The
source is kept with the path so Settings can say *why* data is where it is.

Layout under the root::

    gmi-data.json  (the folder's data format version)
    settings.json
    profiles/<profile id>/profile.json
    profiles/<profile id>/sessions/<UTC start>_<stage>_<session id>.jsonl
    profiles/<profile id>/own-photos/  (manifest.csv + PNGs, only on request)
    quarantine/<when>_<original name>  (+ .why.txt)
    cache/index.sqlite3  (derived from the journals; safe to delete)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "GMI Trainer"
ENV_VAR = "GMI_DATA_DIR"


@dataclass(frozen=True)
class DataRoot:
    path: Path
    source: str  # "command line", "GMI_DATA_DIR", "source checkout", "user data folder"

    @property
    def explanation(self) -> str:
        return {
            "command line": "chosen with --data-dir when the app was started",
            "GMI_DATA_DIR": "chosen with the GMI_DATA_DIR environment variable",
            "source checkout": "the sessions/ folder of this source checkout",
            "user data folder": "this computer's standard folder for app data",
        }.get(self.source, self.source)


def checkout_sessions_dir() -> Path | None:
    """The ``sessions/`` folder when running from a source checkout, else None.

    A checkout is recognised by the project's own pyproject.toml beside the
    package, so an installed wheel (in site-packages) never matches.
    """
    top = Path(__file__).resolve().parents[2]
    pyproject = top / "pyproject.toml"
    sessions = top / "sessions"
    try:
        if sessions.is_dir() and 'name = "gmi-trainer"' in pyproject.read_text("utf-8"):
            return sessions
    except OSError:
        return None
    return None


def resolve_data_root(
    cli_value: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> DataRoot:
    env = os.environ if env is None else env
    if cli_value:
        return DataRoot(Path(cli_value).expanduser().absolute(), "command line")
    if env.get(ENV_VAR):
        return DataRoot(Path(env[ENV_VAR]).expanduser().absolute(), "GMI_DATA_DIR")
    checkout = checkout_sessions_dir()
    if checkout is not None:
        return DataRoot(checkout, "source checkout")
    import platformdirs  # only here: a folder named on the command line needs none of it

    return DataRoot(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)), "user data folder")


@dataclass(frozen=True)
class Layout:
    """Names of every file and folder under one data root."""

    root: Path

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    @property
    def folder_mark_file(self) -> Path:
        """Which data format the folder holds (gmi/store/folder_version.py)."""
        return self.root / "gmi-data.json"

    @property
    def profiles_dir(self) -> Path:
        return self.root / "profiles"

    @property
    def quarantine_dir(self) -> Path:
        return self.root / "quarantine"

    @property
    def cache_dir(self) -> Path:
        """Derived data only (rebuilt from the journals when missing): safe to delete."""
        return self.root / "cache"

    @property
    def clinic_index_file(self) -> Path:
        """The clinic overview's SQLite index (gmi/clinic/index.py)."""
        return self.cache_dir / "index.sqlite3"

    def profile_dir(self, profile_id: str) -> Path:
        return self.profiles_dir / profile_id

    def profile_file(self, profile_id: str) -> Path:
        return self.profile_dir(profile_id) / "profile.json"

    def sessions_dir(self, profile_id: str) -> Path:
        return self.profile_dir(profile_id) / "sessions"

    def own_photos_dir(self, profile_id: str) -> Path:
        """Pictures of the person's own hand, taken only when they asked to."""
        return self.profile_dir(profile_id) / "own-photos"
