"""Moving practice between the patient's laptop and the clinic: the two dialogs.

Export (on the patient's computer): one locked file, a passphrase typed
twice, photos only if ticked, optionally the code instead of the name.
Import (on the clinic's computer): the file and its passphrase; the result
is said in words, conflicts included. Both run the slow part off the GUI
thread (scrypt alone takes about 0.1 s; a year of sessions a little more).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gmi.app.jobs import JobResult
from gmi.app.own_photos import OwnPhotos
from gmi.bundles.bundle import BundleError, ExportSummary, ImportResult, export, import_bundle
from gmi.bundles.format import SUFFIX, WrongPassphrase
from gmi.model.words import counted
from gmi.store import DataStore
from gmi.store.profiles import Profile
from gmi.ui.jobs import gui_runner
from gmi.ui.widgets import FieldError, fit_dialog, label

MIN_PASSPHRASE = 8


class _BusyDialog(QDialog):
    """A dialog that cannot be closed while its job runs: the result must be seen.

    Both bundle dialogs share its frame: a title, their own fields, a status
    line, then one primary button beside Close. The status line takes no room
    while it is empty, and each message refits the dialog to its words, so at
    the largest text size a message never squeezes the fields together.
    """

    CHARS = 70  # wide enough that the largest text still fits a 768-pixel-high screen

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.jobs = gui_runner(self, "gmi-bundle")
        self.box = QVBoxLayout(self)
        self.box.setSpacing(10)
        self.box.addWidget(label(title, "subtitle"))
        self.status = label("", "muted")
        self.status.setVisible(False)

    def _buttons(self, primary_text: str, on_primary) -> QPushButton:
        """The status line and the button row under the fields; sizes the dialog.

        Any height to spare goes above them, not between the title and the text."""
        self.box.addStretch(1)
        self.box.addWidget(self.status)
        row = QHBoxLayout()
        primary = QPushButton(primary_text)
        primary.setObjectName("primary")
        primary.clicked.connect(lambda: on_primary())
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        row.addWidget(primary)
        row.addWidget(close)
        row.addStretch(1)
        self.box.addLayout(row)
        self.refit()
        return primary

    def say(self, text: str) -> None:
        """Put `text` in the status line ("" hides it) and refit the dialog to it."""
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.refit()

    def refit(self) -> None:
        """As tall as the words now shown (a message appeared or went).

        fit_dialog gives the width and the cap; its height floor is the labels'
        own size hint, which wraps them narrower than the dialog is and so left a
        band of empty space at the largest text. The layout's height at the real
        width is what the words need."""
        fit_dialog(self, self.CHARS)
        needed = max(self.box.totalHeightForWidth(self.width()),
                     self.minimumSizeHint().height())
        if needed < self.height():
            self.resize(self.width(), needed)

    def _show_error(self, error: BaseException, otherwise: str) -> None:
        """A bundle's own message; anything unexpected in the words given."""
        self.say(error.message if isinstance(error, BundleError)
                 else otherwise.format(error=error))

    def reject(self) -> None:
        if not self.jobs.busy:
            super().reject()

    def closeEvent(self, event) -> None:
        if self.jobs.busy:
            event.ignore()
        else:
            super().closeEvent(event)

    def done(self, result: int) -> None:
        self.jobs.shutdown()
        super().done(result)


class PassphraseField(QWidget):
    """A passphrase box under a label that stays, with its own error line beneath.

    A placeholder alone vanishes with the first key typed, and with it what the
    box was for; the label stays, names the box for a screen reader, and its
    underlined letter (`caption`'s "&") jumps to the box with Alt. The error sits
    under the box it is about and takes no room until it has words.
    """

    def __init__(self, caption: str) -> None:
        super().__init__()
        name = caption.replace("&", "")
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(name)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.caption.setBuddy(self.edit)
        self.error = FieldError()
        # Typing again: the old error no longer holds, so it goes.
        self.edit.textEdited.connect(lambda _text: self.say(""))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.caption)
        column.addWidget(self.edit)
        column.addWidget(self.error)
        self.setFocusProxy(self.edit)

    def say(self, problem: str) -> None:
        """Show `problem` under the box (and to a screen reader with it); "" clears it."""
        self.error.setText(problem)
        self.edit.setAccessibleDescription(problem)
        if problem:
            self.edit.selectAll()
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)


class ExportBundleDialog(_BusyDialog):
    """Writes one person's encrypted bundle."""

    exported = Signal(object)  # ExportSummary

    def __init__(self, store: DataStore, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__("Send your practice to your therapist", parent)
        self.store, self.profile = store, profile
        self.summary: ExportSummary | None = None
        box = self.box
        box.addWidget(label(
            "This makes one locked file with your practice: sessions, daily check-ins and "
            "your programme. Send the file (on a USB stick or by e-mail) and tell your "
            "therapist the passphrase another way, for example on the phone. Without the "
            "passphrase the file cannot be read.", "muted"))
        self.passphrase_row = PassphraseField(f"&Passphrase (at least {MIN_PASSPHRASE} characters)")
        self.again_row = PassphraseField("The same passphrase &again")
        self.passphrase, self.again = self.passphrase_row.edit, self.again_row.edit
        box.addWidget(self.passphrase_row)
        box.addWidget(self.again_row)
        photos = OwnPhotos(store.layout.own_photos_dir(profile.id)).count()
        self.photos_box = QCheckBox(
            f"Include the {photos} photos of my own hand (only if you agreed to this)"
            if photos else "Include photos of my own hand (there are none)")
        self.photos_box.setEnabled(photos > 0)
        self.code_box = QCheckBox(f"Use my code ({profile.code}) instead of my name")
        self.code_box.setChecked(not profile.name)
        self.code_box.setEnabled(bool(profile.name))
        box.addWidget(self.photos_box)
        box.addWidget(self.code_box)
        self.save_button = self._buttons("Save the file…", self.save)
        self.passphrase.setFocus()

    def problem(self) -> tuple[PassphraseField | None, str]:
        """Which box is wrong and why, in words (None, "" when both are fine)."""
        text = self.passphrase.text()
        if len(text) < MIN_PASSPHRASE:
            return self.passphrase_row, (f"Please use a passphrase of at least "
                                         f"{MIN_PASSPHRASE} characters.")
        if text != self.again.text():
            return self.again_row, "The two passphrases are not the same. Please type them again."
        return None, ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the first box goes on to the second, as Tab does; Enter in the
        second saves (the dialog's default button)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.passphrase.hasFocus():
            self.again.setFocus(Qt.FocusReason.TabFocusReason)
            return
        super().keyPressEvent(event)

    def save(self, path: str | None = None) -> bool:
        if self.jobs.busy:
            return False
        self.passphrase_row.say("")
        self.again_row.say("")
        self.say("")
        row, problem = self.problem()
        if row is not None:
            row.say(problem)
            self.refit()
            return False
        if path is None:
            suggested = Path.home() / f"gmi-{self.profile.code}{SUFFIX}"
            path, _ = QFileDialog.getSaveFileName(self, "Save the locked file", str(suggested),
                                                  f"GMI bundle (*{SUFFIX})")
            if not path:
                return False
        target = Path(path)
        store, profile_id = self.store, self.profile.id  # the worker reads no widget
        passphrase = self.passphrase.text()
        photos, pseudonymise = self.photos_box.isChecked(), self.code_box.isChecked()
        self.save_button.setEnabled(False)
        self.say("Locking the file…")
        self.jobs.submit(
            lambda _progress: export(store, profile_id, target, passphrase,
                                     include_photos=photos, pseudonymise=pseudonymise),
            self._saved, name="bundle-export")
        return True

    def _saved(self, result: JobResult[ExportSummary]) -> None:
        self.save_button.setEnabled(True)
        if result.error is not None:
            self._show_error(result.error, "The file could not be made: {error}")
            return
        summary = result.value
        assert summary is not None
        self.summary = summary
        photos = f", {counted(summary.photos, 'photo')}" if summary.photos else ""
        self.say(
            f"Saved {summary.path} ({counted(summary.sessions, 'session')}, "
            f"{counted(summary.checkins, 'check-in')}{photos}). "
            "Now send the file, and the passphrase separately.")
        self.exported.emit(summary)



class ImportBundleDialog(_BusyDialog):
    """Merges a bundle file into this computer's data, after its passphrase."""

    imported = Signal(object)  # ImportResult

    def __init__(self, store: DataStore, path: Path, parent: QWidget | None = None) -> None:
        super().__init__("Import a patient's bundle", parent)
        self.store, self.path = store, path
        self.result_: ImportResult | None = None
        box = self.box
        box.addWidget(label(f"File: {path}", "muted"))
        box.addWidget(label("Sessions already here are not added twice; a session that "
                            "differs from the one here is kept beside it, never "
                            "overwritten. If anything is wrong with the file, nothing on "
                            "this computer changes.", "muted"))
        self.passphrase_row = PassphraseField("&Passphrase the patient gave you")
        self.passphrase = self.passphrase_row.edit
        self.passphrase.returnPressed.connect(self.start)
        box.addWidget(self.passphrase_row)
        self.import_button = self._buttons("Import", self.start)
        self.passphrase.setFocus()

    def start(self) -> bool:
        if self.jobs.busy or self.result_ is not None:  # done once: again would add nothing
            return False
        passphrase = self.passphrase.text()
        self.passphrase_row.say("")
        self.say("")
        if not passphrase:
            self.passphrase_row.say("Please type the passphrase the patient gave you.")
            self.refit()
            return False
        self.import_button.setEnabled(False)
        self.say("Opening and checking the file…")
        store, path = self.store, self.path
        self.jobs.submit(lambda _progress: import_bundle(store, path, passphrase),
                         self._finished, name="bundle-import")
        return True

    def _finished(self, outcome: JobResult[ImportResult]) -> None:
        self.import_button.setEnabled(True)
        if outcome.error is not None:
            if isinstance(outcome.error, WrongPassphrase):  # about the box, so said under it
                self.say("")
                self.passphrase_row.say("This passphrase does not open the file. "
                                        + outcome.error.advice)
                self.refit()
                return
            self._show_error(outcome.error, "The import stopped: {error}. Nothing was changed.")
            self.passphrase.selectAll()
            return
        result = outcome.value
        assert result is not None
        self.result_ = result
        self.import_button.setEnabled(False)  # done: importing again would add nothing
        self.passphrase.setEnabled(False)
        self.say("\n".join(result.lines()))
        self.imported.emit(result)
