"""Moving practice between the patient's laptop and the clinic: the two dialogs.

Export (on the patient's computer): one locked file, a passphrase typed
twice, photos only if ticked, optionally the code instead of the name.
Import (on the clinic's computer): the file and its passphrase; the result
is said in words, conflicts included. Both run the slow part off the GUI
thread (scrypt alone takes about 0.1 s; a year of sessions a little more).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gmi.app.jobs import JobResult
from gmi.app.own_photos import OwnPhotos
from gmi.bundles.bundle import BundleError, ExportSummary, ImportResult, export, import_bundle
from gmi.bundles.format import SUFFIX
from gmi.model.words import counted
from gmi.store import DataStore
from gmi.store.profiles import Profile
from gmi.ui.jobs import gui_runner
from gmi.ui.widgets import fit_dialog, label

MIN_PASSPHRASE = 8


class _BusyDialog(QDialog):
    """A dialog that cannot be closed while its job runs: the result must be seen.

    Both bundle dialogs share its frame: a title, their own fields, a status
    line, then one primary button beside Close.
    """

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.jobs = gui_runner(self, "gmi-bundle")
        self.box = QVBoxLayout(self)
        self.box.setSpacing(10)
        self.box.addWidget(label(title, "subtitle"))
        self.status = label("", "muted")

    def _buttons(self, primary_text: str, on_primary) -> QPushButton:
        """The status line and the button row under the fields; sizes the dialog."""
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
        fit_dialog(self)
        return primary

    def _show_error(self, error: BaseException, otherwise: str) -> None:
        """A bundle's own message; anything unexpected in the words given."""
        self.status.setText(error.message if isinstance(error, BundleError)
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


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setPlaceholderText(name)
    return field


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
        self.passphrase = _password_field("Passphrase (at least 8 characters)")
        self.again = _password_field("The same passphrase again")
        box.addWidget(self.passphrase)
        box.addWidget(self.again)
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

    def problem(self) -> str:
        """What is wrong with the passphrases as typed ("" when they are fine)."""
        text = self.passphrase.text()
        if len(text) < MIN_PASSPHRASE:
            return f"Please use a passphrase of at least {MIN_PASSPHRASE} characters."
        if text != self.again.text():
            return "The two passphrases are not the same. Please type them again."
        return ""

    def save(self, path: str | None = None) -> bool:
        if self.jobs.busy:
            return False
        problem = self.problem()
        if problem:
            self.status.setText(problem)
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
        self.status.setText("Locking the file…")
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
        self.status.setText(
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
        self.passphrase = _password_field("Passphrase")
        self.passphrase.returnPressed.connect(self.start)
        box.addWidget(self.passphrase)
        self.import_button = self._buttons("Import", self.start)
        self.passphrase.setFocus()

    def start(self) -> bool:
        if self.jobs.busy or self.result_ is not None:  # done once: again would add nothing
            return False
        passphrase = self.passphrase.text()
        if not passphrase:
            self.status.setText("Please type the passphrase the patient gave you.")
            return False
        self.import_button.setEnabled(False)
        self.status.setText("Opening and checking the file…")
        store, path = self.store, self.path
        self.jobs.submit(lambda _progress: import_bundle(store, path, passphrase),
                         self._finished, name="bundle-import")
        return True

    def _finished(self, outcome: JobResult[ImportResult]) -> None:
        self.import_button.setEnabled(True)
        if outcome.error is not None:
            self._show_error(outcome.error, "The import stopped: {error}. Nothing was changed.")
            self.passphrase.selectAll()
            return
        result = outcome.value
        assert result is not None
        self.result_ = result
        self.import_button.setEnabled(False)  # done: importing again would add nothing
        self.passphrase.setEnabled(False)
        self.status.setText("\n".join(result.lines()))
        self.imported.emit(result)
