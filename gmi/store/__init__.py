"""Persistence: the data folder, profiles, settings and session journals.

:class:`DataStore` (`gmi.store.data_store`) is the one object the rest of the
app holds. The names below load on first use (PEP 562): importing one small
module of the store, as the window's first paint does (`gmi.store.paths`),
does not load every record model of the package with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gmi.store.data_store import DataStore
    from gmi.store.errors import StoreError
    from gmi.store.folder_version import NewerDataFolder
    from gmi.store.paths import DataRoot, Layout
    from gmi.store.settings import AppSettings

_HOMES = {
    "AppSettings": "gmi.store.settings",
    "DataRoot": "gmi.store.paths",
    "DataStore": "gmi.store.data_store",
    "Layout": "gmi.store.paths",
    "NewerDataFolder": "gmi.store.folder_version",
    "StoreError": "gmi.store.errors",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'gmi.store' has no attribute '{name}'")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = ["AppSettings", "DataRoot", "DataStore", "Layout", "NewerDataFolder", "StoreError"]
