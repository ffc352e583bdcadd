"""Test configuration: headless Qt, throwaway data folders, shared real data."""

from __future__ import annotations

import os
from pathlib import Path

# Before anything imports Qt: tests never need (or have) a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest

from gmi.store import DataStore
from gmi.store.paths import DataRoot

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def data_root(tmp_path: Path) -> DataRoot:
    return DataRoot(tmp_path / "data", "command line")


@pytest.fixture
def store(data_root: DataRoot) -> DataStore:
    return DataStore(data_root)


@pytest.fixture
def shared() -> Path:
    """../shared (real photos and videos); tests using it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present on this machine")
    return SHARED

