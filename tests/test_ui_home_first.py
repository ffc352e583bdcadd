"""Home drawn first from the last one kept, then the data read (gmi.ui.app's start)."""

from __future__ import annotations

import dataclasses
import stat
import subprocess
import sys
from datetime import date

import pytest
from PySide6.QtWidgets import QLabel

from gmi import __version__
from gmi.app.day import Day
from gmi.store import DataStore
from gmi.store.home_snapshot import read_home_snapshot
from gmi.ui.main_window import MainWindow


def kept_home(store: DataStore):
    """Anna's Home as the last start drew it (remembered, set up)."""
    profile = store.profiles.create("Anna", "hand", "left")
    store.update_settings(active_profile_id=profile.id, welcome_done=True)
    day = Day(store, daily_checkin=False)
    day.choose(profile)
    day.home()
    day.keep_home()
    snapshot = read_home_snapshot(store.layout, date.today(), __version__)
    assert snapshot is not None
    return snapshot


def texts(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def test_the_kept_home_is_drawn_before_the_data_and_left_alone_when_it_was_right(
        qtbot, store: DataStore) -> None:
    kept = kept_home(store)
    window = MainWindow(kept=kept)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    home = window.home_screen
    assert home.start_button.text() == "Start: Left or right?"
    assert window.person_button.text() == "&Person: Anna"
    assert window.stack.currentWidget() is home
    drawn = home.findChildren(QLabel)
    assert any("left hand" in t for t in texts(home))

    window.attach(DataStore(store.root), welcome=False, tray=False)
    assert window.home_screen is home and home.findChildren(QLabel) == drawn  # not redrawn
    assert window.focusWidget() is home.start_button
    home.start_button.click()  # the button now reaches the day: the check-in comes first
    assert window.checkin_screen is not None


def test_a_kept_home_that_differs_from_the_data_is_redrawn_at_once(qtbot, store) -> None:
    kept = kept_home(store)
    view = kept.view
    stale = dataclasses.replace(view, subtitle="An old programme", notices=("Old news.",))
    window = MainWindow(kept=kept._replace(view=stale))
    qtbot.addWidget(window)
    window.show()
    assert "Old news." in texts(window.home_screen)
    window.attach(DataStore(store.root), welcome=False, tray=False,
                  daily_checkin=False)
    shown = texts(window.home_screen)
    assert "Old news." not in shown and "An old programme" not in shown
    assert view.subtitle in shown


def test_a_start_draws_the_kept_home_before_loading_the_records(tmp_path) -> None:
    """The second start draws Home before pydantic and the record models load: the
    first paint needs only Qt, the kept view and the screens' own modules."""
    data = tmp_path / "data"
    code = (
        "import sys, os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'; "
        "from pathlib import Path; from gmi.store.paths import DataRoot; "
        "from gmi.store import DataStore; "
        f"s = DataStore(DataRoot(Path({str(data)!r}), 'test')); "
        "p = s.profiles.create('P-1', 'hand', 'right'); "
        "s.update_settings(active_profile_id=p.id, welcome_done=True)")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    start = [sys.executable, "-c",
             "import sys, os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'; "
             "import gmi.ui.app as a; shown = a._FirstPaint.eventFilter\n"
             "def spy(self, w, e):\n"
             "    if e.type() == e.Type.Paint and self._on_paint is not None:\n"
             "        print('pydantic' in sys.modules, flush=True)\n"
             "    return shown(self, w, e)\n"
             "a._FirstPaint.eventFilter = spy\n"
             "from gmi.cli import main; sys.exit(main(['--data-dir', "
             f"{str(data)!r}, '--quit-when-shown']))"]
    first = subprocess.run(start, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == ["True", "home-shown", "home-ready"]  # read, then drawn
    second = subprocess.run(start, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert second.stdout.split() == ["False", "home-shown", "home-ready"]


@pytest.mark.qt_no_exception_capture
def test_a_start_whose_data_then_fails_to_load_stops_with_its_cause(qtbot, store, monkeypatch,
                                                                      capsys) -> None:
    """As a start without a kept Home would: no window left standing with dead buttons."""
    from gmi.ui.app import run_gui

    kept = kept_home(store)

    def broken(self, *args, **kwargs) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(MainWindow, "attach", broken)
    assert run_gui(store.root, kept) == 1
    assert "the disk went away" in capsys.readouterr().err


def test_the_window_keeps_its_home_once_it_is_up(qtbot, store: DataStore) -> None:
    profile = store.profiles.create("Anna", "hand", "left")
    store.update_settings(active_profile_id=profile.id, welcome_done=True)
    window = MainWindow(DataStore(store.root), stage_screens={}, tray=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: read_home_snapshot(store.layout, date.today(), __version__)
                    is not None, timeout=10_000)
    kept = read_home_snapshot(store.layout, date.today(), __version__)
    assert kept.view.start == window.home_screen.view.start
    assert kept.view.name == "Anna"
    cache = store.layout.cache_dir  # health data, derived or not: owner-only
    made = [cache, cache / "home.json", *cache.glob("trail-*.png")]
    assert len(made) == 3
    assert [stat.S_IMODE(p.stat().st_mode) for p in made] == [0o700, 0o600, 0o600]
