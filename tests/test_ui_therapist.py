"""The therapist's area: PIN, programme editing with live validation, history, reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from gmi.model.laterality import PlannedTrial, judge
from gmi.model.protocol import load_protocol_file
from gmi.store import DataStore
from gmi.store.protocols import active_protocol
from gmi.ui.main_window import MainWindow


def open_area(qtbot, store: DataStore, pin: str = "2468") -> MainWindow:
    window = MainWindow(store, stage_screens={})
    qtbot.addWidget(window)
    window.show()
    window.show_therapist()
    screen = window.therapist_screen
    screen.pin_edit.setText(pin)
    assert screen.unlock()
    return window


def test_a_pin_is_set_once_and_then_asked_for(qtbot, store: DataStore) -> None:
    store.profiles.create("P-1", "hand", "right")
    window = MainWindow(store, stage_screens={})
    qtbot.addWidget(window)
    window.show_therapist()
    screen = window.therapist_screen
    assert screen.lock_title.text() == "Set a therapist PIN"
    screen.pin_edit.setText("12")
    assert not screen.unlock() and "4 to 8 digits" in screen.pin_error.text()
    screen.pin_edit.setText("2468")
    assert screen.unlock() and screen.pages.currentWidget() is screen.area
    assert "2468" not in store.layout.settings_file.read_text()  # only a hash is kept
    screen.lock_button.click()
    assert screen.lock_title.text() == "For your therapist"
    screen.pin_edit.setText("1111")
    assert not screen.unlock() and screen.pin_error.text() == "That PIN is not right."
    screen.pin_edit.setText("2468")
    assert screen.unlock()


def test_live_validation_names_the_field_and_blocks_saving(qtbot, store: DataStore) -> None:
    store.profiles.create("P-1", "hand", "right")
    window = open_area(qtbot, store)  # keep the window alive while its screen is used
    screen = window.therapist_screen
    text = screen.editor.toPlainText()
    assert 'id = "hand-standard"' in text and "The protocol is valid." in \
        screen.validation_label.text()
    assert "Stages in order: Left or right?" in screen.preview_label.text()
    screen.editor.setPlainText(text.replace("trials = 40", "trials = 0"))
    assert "field 'laterality.trials'" in screen.validation_label.text()
    assert not screen.save_button.isEnabled()
    from gmi.model.presets import presets
    from gmi.model.protocol import protocol_to_toml

    screen.editor.setPlainText(protocol_to_toml(presets()["foot-standard"]))
    assert "This is a foot protocol" in screen.validation_label.text()
    assert not screen.save_button.isEnabled()


def test_an_edited_programme_and_an_override_reach_home(qtbot, store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    window = open_area(qtbot, store)
    screen = window.therapist_screen
    screen.editor.setPlainText(screen.editor.toPlainText().replace("trials = 40",
                                                                   "trials = 20"))
    screen.override_boxes["imagery"].setChecked(True)
    assert screen.save_programme()
    saved = store.profiles.get(profile.id)
    assert saved.protocol == "custom" and saved.unlocked == ["imagery"]
    assert active_protocol(store.layout, saved).laterality.trials == 20
    overview = window.home_screen.overview
    assert overview.protocol.laterality.trials == 20
    assert overview.cards[1].unlocked and overview.cards[1].why == "Opened by your therapist."


def test_import_and_export_protocol_files(qtbot, store: DataStore, tmp_path: Path) -> None:
    store.profiles.create("P-1", "hand", "right")
    window = open_area(qtbot, store)  # keep the window alive while its screen is used
    screen = window.therapist_screen
    out = tmp_path / "exported.toml"
    screen.export_file(str(out))
    assert load_protocol_file(out).id == "hand-standard"
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = 1\n[laterality\n")
    screen.import_file(str(broken))
    assert "line 2" in screen.validation_label.text()
    screen.import_file(str(out))
    assert "The protocol is valid." in screen.validation_label.text()


@pytest.mark.slow
def test_history_and_reports(qtbot, store: DataStore, tmp_path: Path) -> None:
    profile = store.profiles.create("P-1", "hand", "right", name="Anna")
    writer = store.sessions(profile.id).start("laterality", {})
    for i in range(4):
        side = "left" if i % 2 else "right"
        writer.append("trial", judge(PlannedTrial(i, False, side, "back", 90, 0), side,
                                     1700.0).model_dump(mode="json"))
    writer.finish("completed", "4 of 4 correct", {})
    window = open_area(qtbot, store)  # keep the window alive while its screen is used
    screen = window.therapist_screen
    screen.area.setCurrentIndex(1)
    qtbot.waitUntil(lambda: "Practised on 1 day" in screen.history_summary.text(),
                    timeout=20_000)
    picture = screen.history_picture
    assert len(picture.charts) == 8  # accuracy, RT, angle, pain, mirror, imagery, reps, ROM
    shown = screen.history_chart.pixmap()
    assert not shown.isNull() and shown.width() * shown.devicePixelRatio() == picture.width
    screen.pseudonymise_box.setChecked(True)
    screen.make_report(str(tmp_path / "r.pdf"))
    qtbot.waitUntil(lambda: screen.pdf_button.isEnabled(), timeout=20_000)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert screen.progress.value() == 100 and "3 page(s)" in screen.report_label.text()
    screen.make_export("csv", str(tmp_path / "r.csv"))
    csv_text = (tmp_path / "r.csv").read_text()
    assert "Anna" not in csv_text and csv_text.count("\n") == 5


def practised_once(store: DataStore):
    profile = store.profiles.create("P-1", "hand", "right", name="Anna")
    writer = store.sessions(profile.id).start("laterality", {})
    writer.append("trial", judge(PlannedTrial(0, False, "left", "back", 90, 0), "left",
                                 1700.0).model_dump(mode="json"))
    writer.finish("completed", "1 of 1 correct", {})
    return profile


def gated(monkeypatch, owner, name: str):
    """Wrap `owner.name` so it records its thread and waits for the test's word."""
    import threading

    real = getattr(owner, name)
    gate, threads = threading.Event(), []

    def wrapper(*args, **kwargs):
        threads.append(threading.current_thread())
        assert gate.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return gate, threads


def test_the_history_is_prepared_off_the_gui_thread(qtbot, store: DataStore,
                                                    monkeypatch) -> None:
    import threading

    practised_once(store)
    window = open_area(qtbot, store)
    screen = window.therapist_screen
    gate, threads = gated(monkeypatch, screen.history, "picture")
    screen.area.setCurrentIndex(1)
    assert screen.history_summary.text() == "Preparing the history of Anna…"
    qtbot.waitUntil(lambda: bool(threads), timeout=10_000)  # started, and waiting...
    ticks = []
    screen.startTimer(1)  # ...while the GUI thread goes on with its events
    screen.timerEvent = lambda _event: ticks.append(1)
    qtbot.waitUntil(lambda: len(ticks) > 3, timeout=10_000)
    gate.set()
    qtbot.waitUntil(lambda: "Practised on 1 day" in screen.history_summary.text(),
                    timeout=20_000)
    assert threads[0] is not threading.main_thread()
    assert threads[0].name.startswith("gmi-therapist")


def test_a_quick_second_request_shows_only_the_newest_history(qtbot, store: DataStore,
                                                              monkeypatch) -> None:
    practised_once(store)
    window = open_area(qtbot, store)
    screen = window.therapist_screen
    gate, threads = gated(monkeypatch, screen.history, "picture")
    shown = []
    real_ready = screen._history_ready
    monkeypatch.setattr(screen, "_history_ready",
                        lambda profile, result: shown.append(result) or real_ready(profile,
                                                                                   result))
    screen.area.setCurrentIndex(1)
    screen.refresh_history()  # asked again before the first is ready
    gate.set()
    qtbot.waitUntil(lambda: len(threads) >= 1 and not screen.jobs.busy, timeout=20_000)
    assert len(shown) == 1 and shown[0].ok


def test_the_pdf_report_is_written_off_the_gui_thread(qtbot, store: DataStore, tmp_path: Path,
                                                      monkeypatch) -> None:
    import threading

    practised_once(store)
    window = open_area(qtbot, store)
    screen = window.therapist_screen
    gate, threads = gated(monkeypatch, screen.history, "report")
    screen.make_report(str(tmp_path / "r.pdf"))
    assert not screen.pdf_button.isEnabled()
    assert screen.report_label.text() == "Preparing the report…"
    screen.make_report(str(tmp_path / "again.pdf"))  # ignored while one is being made
    gate.set()
    qtbot.waitUntil(lambda: screen.pdf_button.isEnabled(), timeout=20_000)
    assert "Saved 3 page(s)" in screen.report_label.text()
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    assert not (tmp_path / "again.pdf").exists()


def test_a_report_that_cannot_be_written_says_why(qtbot, store: DataStore,
                                                  tmp_path: Path) -> None:
    practised_once(store)
    window = open_area(qtbot, store)
    screen = window.therapist_screen
    (tmp_path / "a file").write_text("not a folder")
    screen.make_report(str(tmp_path / "a file" / "r.pdf"))
    qtbot.waitUntil(lambda: screen.pdf_button.isEnabled(), timeout=20_000)
    assert screen.report_label.text().startswith("The report could not be saved:")
    assert screen.progress.value() == 0
