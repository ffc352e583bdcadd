"""The therapist's area: PIN, programme editing with live validation, history, reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from gmi.model.laterality import PlannedTrial, judge
from gmi.model.protocol import load_protocol_file
from gmi.store import DataStore
from gmi.store.protocols import active_protocol
from gmi.ui.main_window import MainWindow


def set_first_pin(screen, pin: str = "2468") -> str:
    """The first opening: "I am the therapist", the PIN twice, the recovery code noted."""
    lock = screen.pin_lock
    lock.iam_button.click()
    lock.new_edit.setText(pin)
    lock.repeat_edit.setText(pin)
    assert lock.set_first()
    code = lock.code_label.text()
    lock.noted_button.click()
    return code


def open_area(qtbot, store: DataStore, pin: str = "2468") -> MainWindow:
    window = MainWindow(store, stage_screens={})
    qtbot.addWidget(window)
    window.show()
    window.show_therapist()
    screen = window.therapist_screen
    if store.load_settings().therapist_pin:
        screen.pin_edit.setText(pin)
        assert screen.unlock()
    else:
        set_first_pin(screen, pin)
    assert screen.pages.currentWidget() is screen.area
    return window


def test_the_therapist_sets_the_pin_twice_after_saying_who_they_are(qtbot,
                                                                    store: DataStore) -> None:
    store.profiles.create("P-1", "hand", "right")
    window = MainWindow(store, stage_screens={})
    qtbot.addWidget(window)
    window.show()
    window.show_therapist()
    screen = window.therapist_screen
    lock = screen.pin_lock
    assert lock.modes.currentWidget() is lock.first_page
    assert not lock.first_fields.isVisible()  # no PIN field before "I am the therapist"
    assert not lock.set_first() and not store.load_settings().therapist_pin
    lock.iam_button.click()
    lock.new_edit.setText("12")
    lock.repeat_edit.setText("12")
    assert not lock.set_first() and "4 to 8 digits" in lock.new_error.text()
    lock.new_edit.setText("2468")
    lock.repeat_edit.setText("2486")
    assert not lock.set_first() and "not the same" in lock.repeat_error.text()
    assert not store.load_settings().therapist_pin
    lock.repeat_edit.setText("2468")
    assert lock.set_first() and lock.modes.currentWidget() is lock.code_page
    code = lock.code_label.text()
    assert len(code) == 14 and screen.pages.currentWidget() is lock  # shown once, first
    stored = store.layout.settings_file.read_text()
    assert "2468" not in stored and code not in stored  # only hashes are kept
    lock.noted_button.click()
    assert screen.pages.currentWidget() is screen.area and lock.code_label.text() == ""
    screen.lock_button.click()
    assert lock.modes.currentWidget() is lock.enter_page
    screen.pin_edit.setText("1111")
    assert not screen.unlock() and screen.pin_error.text() == "That PIN is not right."
    screen.pin_edit.setText("2468")
    assert screen.unlock()


def test_change_and_reset_and_wrong_answers_change_nothing(qtbot, store: DataStore) -> None:
    from gmi.store.changelog import read_changes
    from gmi.store.pin import check_pin

    store.profiles.create("P-1", "hand", "right")
    window = open_area(qtbot, store)
    screen = window.therapist_screen
    lock = screen.pin_lock
    first = store.load_settings()
    screen.lock_button.click()
    lock.change_link.click()
    lock.old_edit.setText("0000")
    lock.change_new.setText("1357")
    lock.change_repeat.setText("1357")
    assert not lock.apply_change() and "not right" in lock.old_error.text()
    assert store.load_settings() == first  # a wrong old PIN changes nothing
    lock.old_edit.setText("2468")
    assert lock.apply_change()
    code = lock.code_label.text()
    lock.noted_button.click()
    assert check_pin("1357", store.load_settings().therapist_pin)
    screen.lock_button.click()
    lock.reset_link.click()
    lock.recovery_edit.setText("AAAA-BBBB-CCCC")
    lock.change_new.setText("9999")
    lock.change_repeat.setText("9999")
    changed = store.load_settings()
    assert not lock.apply_change() and "not right" in lock.recovery_error.text()
    assert store.load_settings() == changed  # a wrong recovery code changes nothing
    lock.recovery_edit.setText(code)
    assert lock.apply_change()
    lock.noted_button.click()
    assert check_pin("9999", store.load_settings().therapist_pin)
    assert [c.how for c in read_changes(store.layout)] == [
        "PIN set", "PIN changed", "PIN reset with the recovery code"]


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
    overview = window.day.overview
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
    assert screen.progress.value() == 100 and "3 pages" in screen.report_label.text()
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
    assert "Saved 3 pages" in screen.report_label.text()
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


def test_a_saved_programme_change_is_logged_for_history_and_report(qtbot,
                                                                   store: DataStore) -> None:
    from gmi.report.export import ExportRange
    from gmi.report.pdf import summary_lines
    from gmi.store.changelog import read_changes

    profile = store.profiles.create("P-1", "hand", "right")
    window = open_area(qtbot, store)
    screen = window.therapist_screen
    screen.editor.setPlainText(screen.editor.toPlainText().replace("trials = 40",
                                                                   "trials = 60"))
    screen.override_boxes["imagery"].setChecked(True)
    assert screen.save_programme()
    logged = read_changes(store.layout, profile.id)
    assert [c.how for c in logged] == ["PIN set", "programme edited", "stage opened early"]
    assert "40 → 60" in logged[1].detail and logged[2].detail == "Imagine the movement"
    text = "\n".join(summary_lines(store.profiles.get(profile.id), [], ExportRange(),
                                   changes=logged))
    assert "Programme change" in text and "programme edited" in text


def test_a_programme_edited_through_the_form_only_saves_and_reopens_the_same(
        qtbot, store: DataStore) -> None:
    from gmi.store.protocols import custom_path

    profile = store.profiles.create("P-1", "hand", "right")
    window = open_area(qtbot, store)
    screen = window.therapist_screen
    form = screen.form
    assert form.trials_spin.suffix() == " pictures" and form.trials_spin.maximum() == 400
    form.trials_spin.setValue(60)
    form.view_boxes["side"].setChecked(True)
    form.minutes_spin.setValue(12.5)
    form.stage_boxes["tracking"].setChecked(False)
    form.exercise_boxes["pinch"][0].setChecked(True)
    form.acc_spin.setValue(85)
    assert not form.mirror_pain_check.isChecked()  # by default: once a day, at the check-in
    assert form.mirror_pain_check.text() == "before and after this stage"
    form.mirror_pain_check.setChecked(True)
    assert "trials = 60" in screen.editor.toPlainText()  # the Advanced tab follows
    assert "minutes = 12.5" in screen.editor.toPlainText()
    assert "about" in form.summary_label.text() and "a day" in form.summary_label.text()
    form.view_boxes["back"].setChecked(False)
    form.view_boxes["palm"].setChecked(False)
    form.view_boxes["side"].setChecked(False)
    error = form.errors["laterality.views"]
    assert not error.isHidden() and "at least one view" in error.text()
    assert not screen.save_button.isEnabled()
    form.view_boxes["side"].setChecked(True)
    assert error.isHidden() and screen.save_button.isEnabled()
    screen.save_button.click()
    saved = custom_path(store.layout, store.profiles.get(profile.id)).read_text("utf-8")
    assert screen.editor.toPlainText() == saved
    window.close()

    again = open_area(qtbot, store).therapist_screen
    assert again.editor.toPlainText() == saved  # reopened: the same TOML
    protocol = active_protocol(store.layout, store.profiles.get(profile.id))
    assert protocol.laterality.trials == 60 and protocol.laterality.views == ["side"]
    assert protocol.mirror.minutes == 12.5 and "tracking" not in protocol.stages
    assert [e.kind for e in protocol.tracking.exercises] == ["open_close", "pinch", "spread"]
    assert protocol.progression.accuracy == 0.85
    assert protocol.mirror.pain_before_after and not protocol.imagery.pain_before_after
    assert again.form.mirror_pain_check.isChecked()
    assert again.form.trials_spin.value() == 60 and not again.form.stage_boxes[
        "tracking"].isChecked()


def test_a_foot_programme_offers_foot_exercises_and_a_neck_no_mirror(qtbot,
                                                                     store: DataStore) -> None:
    store.profiles.create("F-1", "foot", "left")
    window = open_area(qtbot, store)
    screen = window.therapist_screen
    screen.area.setCurrentIndex(0)
    # stage 4 follows a foot with MediaPipe Pose: its own exercises, never the hand's
    assert "tracking" in screen.form.stage_boxes
    assert set(screen.form.exercise_boxes) == {"ankle_flex", "toe_lift"}
    assert set(screen.form.view_boxes) == {"top", "sole", "side"}
    import re

    screen.editor.setPlainText(re.sub(r'kind = "ankle_flex"', 'kind = "open_close"',
                                      screen.editor.toPlainText(), count=1))
    assert "'open_close' is not a foot exercise" in screen.validation_label.text()



def test_a_neck_programme_offers_upright_pictures_only(qtbot, store: DataStore) -> None:
    """A turned head reads as a person lying down: the form offers what the neck's
    rotation limit allows, so a saved neck programme is never refused for its angles."""
    from gmi.model.protocol import angle_choices

    assert angle_choices("neck") == angle_choices("back") == [1]
    assert angle_choices("hand") == angle_choices("knee") == [1, 4, 6, 8, 12]
    store.profiles.create("N-1", "neck", "left")
    window = open_area(qtbot, store)
    form = window.therapist_screen.form
    offered = [form.angles_combo.itemData(i) for i in range(form.angles_combo.count())]
    assert offered == [1] and form.angles_combo.currentData() == 1
    assert form.angles_combo.currentText() == "1 (upright only)"

@pytest.mark.slow
def test_history_scrolls_with_the_wheel_over_the_charts_and_names_exercises_plainly(
        qtbot, store: DataStore, tmp_path) -> None:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication, QScrollArea

    from gmi.bench.data import four_stage_year

    year = four_stage_year(tmp_path / "year", days=10)
    window = open_area(qtbot, year)
    screen = window.therapist_screen
    screen.set_profile(year.profiles.list()[0][0])
    window.resize(1000, 700)
    window.show()
    screen.pin_edit.setText("2468")
    assert screen.unlock()
    screen.area.setCurrentIndex(1)
    qtbot.waitUntil(lambda: screen.history_picture is not None
                    and bool(screen.history_picture.rgba), timeout=30_000)
    reps = next(c for c in screen.history_picture.charts if c.title.startswith("Repetitions"))
    assert reps.series == ["open and close the hand"]  # plain names, not 'open_close'
    area = screen.area.widget(1)
    assert isinstance(area, QScrollArea)
    bar = area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=10_000)
    before = bar.value()
    chart = screen.history_chart
    centre = QPointF(chart.width() / 2, 100)
    wheel = QWheelEvent(centre, chart.mapToGlobal(centre), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(chart, wheel)
    assert bar.value() > before  # the wheel over the charts scrolls the page


def test_counts_in_the_form_read_as_words_and_the_reports_tab_starts_quiet(
        qtbot, store: DataStore) -> None:
    """"1 picture", never "1 pictures"; no empty progress bar before a report is made."""
    store.profiles.create("P-1", "hand", "right")
    screen = open_area(qtbot, store).therapist_screen
    form = screen.form
    form.trials_spin.setValue(1)
    assert form.trials_spin.text() == "1 picture"
    form.trials_spin.setValue(2)
    assert form.trials_spin.text() == "2 pictures"
    form.reps_spin.setValue(1)
    assert form.reps_spin.text() == "1 time"
    summary = form.summary_label.text()
    assert summary.startswith("One session now: about") and "?," not in summary
    screen.area.setCurrentIndex(2)
    assert screen.pdf_button.isVisible()
    assert not screen.progress.isVisible() and not screen.report_label.isVisible()
