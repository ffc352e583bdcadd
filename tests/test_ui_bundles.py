"""The bundle dialogs: export on the patient's computer, import on the clinic's."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit, QWidget
from test_ui_shell import make_window

from gmi.bench.data import simple_trials, write_journal
from gmi.store import DataStore
from gmi.store.paths import DataRoot
from gmi.ui.bundle_dialogs import ExportBundleDialog, ImportBundleDialog
from gmi.ui.layout_check import layout_problems
from gmi.ui.theme import apply_theme


def practised(store: DataStore, days: int = 3):
    profile = store.profiles.create("P-9", "hand", "right", name="Cora Lind")
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2026, 11, 1, 9).astimezone()
    for n in range(days):
        write_journal(folder, profile.id, "laterality", start + timedelta(days=n),
                      simple_trials(1), headline="done")
    return profile


def field(dialog: QWidget, caption: str) -> QLineEdit:
    """The box under the visible label that starts with `caption`, found as a person
    finds it: by the label's words, through the label's buddy (its Alt letter)."""
    [found] = [lab for lab in dialog.findChildren(QLabel)
               if lab.text().replace("&", "").startswith(caption)]
    assert found.isVisibleTo(dialog), f"the label {caption!r} is not shown"
    box = found.buddy()
    assert isinstance(box, QLineEdit), f"the label {caption!r} names no box"
    assert box.accessibleName() == found.text().replace("&", "")  # a screen reader says it
    return box


def error_under(box: QLineEdit) -> str:
    """The words shown right under `box` (its own error line), "" when none."""
    column = box.parentWidget()
    shown = [lab.text() for lab in column.findChildren(QLabel)
             if lab.objectName() == "error" and lab.isVisibleTo(column)]
    return " ".join(shown)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_settings_sends_a_bundle_the_clinic_imports(qtbot, store: DataStore, tmp_path) -> None:
    profile = practised(store)
    window = make_window(qtbot, store)
    window.show_settings()
    window.settings_screen.send_button.click()
    dialog: ExportBundleDialog = window.settings_screen.send_dialog
    assert dialog.isVisible() and not dialog.photos_box.isEnabled()
    first, again = field(dialog, "Passphrase"), field(dialog, "The same passphrase again")
    first.setText("blue kettle 42")
    again.setText("blue kettle 4")
    assert not dialog.save(str(tmp_path / "x.gmibundle"))
    assert "not the same" in error_under(again) and not error_under(first)
    again.setText("blue kettle 42")
    dialog.code_box.setChecked(True)
    bundle = tmp_path / "cora.gmibundle"
    assert dialog.save(str(bundle))
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10_000)
    assert dialog.summary.sessions == 3 and dialog.summary.pseudonymised
    assert "Saved" in dialog.status.text() and "3 sessions, 0 check-ins" in dialog.status.text()

    clinic = DataStore(DataRoot(tmp_path / "clinic", "command line"))
    importer = ImportBundleDialog(clinic, bundle)
    qtbot.addWidget(importer)
    passphrase = field(importer, "Passphrase the patient gave you")
    passphrase.setText("blue kettle 41")
    before = snapshot(clinic.root.path)
    importer.start()
    qtbot.waitUntil(lambda: importer.import_button.isEnabled(), timeout=10_000)
    assert "passphrase does not open the file" in error_under(passphrase)
    assert "Nothing in the data folder was changed" in error_under(passphrase)
    assert snapshot(clinic.root.path) == before
    passphrase.setText("blue kettle 42")
    importer.start()
    qtbot.waitUntil(lambda: importer.result_ is not None, timeout=10_000)
    assert "Added 3 sessions." in importer.status.text()
    assert not importer.start()  # Enter again after success: nothing runs twice
    assert "Added 3 sessions." in importer.status.text()
    [copy] = clinic.profiles.list()[0]
    assert copy.id == profile.id and copy.name == "" and copy.code == "P-9"
    assert len(clinic.sessions(profile.id).list()) == 3


def test_a_short_passphrase_is_refused_before_anything_is_written(qtbot, store: DataStore,
                                                                  tmp_path) -> None:
    profile = practised(store, days=1)
    dialog = ExportBundleDialog(store, profile)
    qtbot.addWidget(dialog)
    first = field(dialog, "Passphrase (at least 8 characters)")
    first.setText("short")
    field(dialog, "The same passphrase again").setText("short")
    assert not dialog.save(str(tmp_path / "x.gmibundle"))
    assert "at least 8 characters" in error_under(first)
    assert not (tmp_path / "x.gmibundle").exists()
    first.setText("short but longer")  # typed again: the old words no longer hold,
    first.textEdited.emit(first.text())  # so they go
    assert error_under(first) == ""


def test_a_dialog_stays_open_while_its_job_runs(qtbot, store: DataStore, tmp_path) -> None:
    import threading

    profile = practised(store, days=1)
    dialog = ExportBundleDialog(store, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    gate = threading.Event()
    dialog.jobs.submit(lambda _progress: gate.wait(10))  # a job that waits for us
    dialog.reject()
    assert dialog.isVisible()  # the result must be seen, so no closing mid-way
    assert not dialog.save(str(tmp_path / "x.gmibundle"))  # and no second job
    gate.set()
    qtbot.waitUntil(lambda: not dialog.jobs.busy, timeout=5000)
    dialog.reject()
    assert not dialog.isVisible()


def test_export_by_keyboard_alone(qtbot, store: DataStore, tmp_path, monkeypatch) -> None:
    """Typing, Tab, Enter and the labels' Alt letters are enough: no mouse."""
    profile = practised(store, days=2)
    bundle = tmp_path / "by-keys.gmibundle"
    asked: list[str] = []

    def save_as(*args, **kwargs):  # the system's own file dialog is not ours to drive
        asked.append(args[1])
        return str(bundle), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    dialog = ExportBundleDialog(store, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    first, again = field(dialog, "Passphrase"), field(dialog, "The same passphrase again")

    def typed(keys: str) -> None:
        qtbot.keyClicks(QApplication.focusWidget(), keys)

    def press(key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(QApplication.focusWidget(), key, modifier)

    assert QApplication.focusWidget() is first  # the dialog opens on the first box
    typed("blue kettle 42")
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is again
    typed("blue kettle 4")
    press(Qt.Key.Key_Return)  # Save: refused, and said under the second box
    assert "not the same" in error_under(again) and not bundle.exists() and not asked
    assert QApplication.focusWidget() is again and again.selectedText() == again.text()
    press(Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # the label's letter: back up
    assert QApplication.focusWidget() is first
    press(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is again
    again.selectAll()
    typed("blue kettle 42")  # over the old words
    assert not error_under(again)
    for expected in (dialog.code_box, dialog.save_button):  # the photo box is off: skipped
        press(Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    press(Qt.Key.Key_Space)  # the code instead of the name
    assert dialog.code_box.isChecked()
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10_000)
    assert asked == ["Save the locked file"]
    assert bundle.exists() and dialog.summary.sessions == 2 and dialog.summary.pseudonymised


@pytest.fixture
def largest_text(qapp):
    apply_theme(qapp, "largest")
    yield
    apply_theme(qapp, "normal")


def test_labels_and_messages_fit_at_the_largest_text(qtbot, store: DataStore, tmp_path,
                                                     largest_text) -> None:
    """With a message under a box, nothing is cut or overlapping and the dialog fits a
    768-pixel-high screen."""
    profile = practised(store, days=1)
    dialog = ExportBundleDialog(store, profile)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert layout_problems(dialog) == []
    field(dialog, "Passphrase").setText("long enough")
    field(dialog, "The same passphrase again").setText("long enougH")
    assert not dialog.save(str(tmp_path / "x.gmibundle"))
    qtbot.waitUntil(lambda: layout_problems(dialog) == [], timeout=5000)
    assert dialog.height() < 700

    importer = ImportBundleDialog(store, tmp_path / "none.gmibundle")
    qtbot.addWidget(importer)
    importer.show()
    qtbot.waitExposed(importer)
    assert not importer.start()  # nothing typed: said under the box
    assert "Please type the passphrase" in error_under(field(importer, "Passphrase"))
    qtbot.waitUntil(lambda: layout_problems(importer) == [], timeout=5000)
    assert importer.height() < 700
