"""Test configuration: headless Qt, throwaway data folders, shared real data."""

from __future__ import annotations

import gc
import os
from pathlib import Path

# Before anything imports Qt: tests never need (or have) a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest
from hypothesis import HealthCheck, settings

from gmi.store import DataStore
from gmi.store.paths import DataRoot

# CI runs on a busy 2-core machine and must never fail by chance. The default
# profile ("ci") therefore replays the same examples every run (derandomize, so
# a failure reproduces), has no deadline and skips the health checks that only
# measure speed or generation effort: they report the machine, not the code.
# A test that needs more must add to these (see test_journal.py), never replace
# them. HYPOTHESIS_PROFILE=dev draws fresh random examples to hunt for bugs.
_QUIET_ON_A_BUSY_MACHINE = [HealthCheck.too_slow, HealthCheck.data_too_large,
                            HealthCheck.filter_too_much]
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=_QUIET_ON_A_BUSY_MACHINE)
settings.register_profile("dev", deadline=None, derandomize=False, print_blob=True,
                          suppress_health_check=_QUIET_ON_A_BUSY_MACHINE)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def garbage_collected_on_the_gui_thread(request):
    """As in the app (gmi/ui/gc_guard.py): during a GUI test the collector runs on the
    main thread only, so a job thread never deletes a Qt object; the test's leftovers
    are collected on the main thread before automatic collection resumes."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from gmi.ui.gc_guard import collect_on_gui_thread

    collect_on_gui_thread(request.getfixturevalue("qapp"))
    gc.collect()
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture(autouse=True)
def keys_at_machine_speed(monkeypatch) -> None:
    """Screen tests press keys the moment a page appears, which no person can; the
    window's key guard would drop those presses (gmi/ui/keyboard.py). Its own tests
    (test_ui_keyboard.py) put the person's pace back."""
    import gmi.ui.keyboard

    monkeypatch.setattr(gmi.ui.keyboard, "SETTLE_S", 0.0)


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



def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse a property test whose own @settings brings back a deadline or a
    speed health check: on a busy CI machine it would fail by chance."""
    for item in items:
        chosen = getattr(getattr(item, "obj", None), "_hypothesis_internal_use_settings", None)
        if chosen is None:
            continue
        missing = set(_QUIET_ON_A_BUSY_MACHINE) - set(chosen.suppress_health_check)
        if chosen.deadline is not None or missing:
            raise pytest.UsageError(
                f"{item.nodeid}: its @settings(...) sets a deadline or drops the suppressed "
                f"health checks {sorted(c.name for c in missing)}; add to "
                "settings.default.suppress_health_check instead of replacing it "
                "(tests/conftest.py).")
