"""Applying a programme file the therapist sent: the PIN, and what changes, first.

On the patient's computer, a new programme replaces the one practised every
day. So nothing is applied until the therapist PIN is given, and the changes
are listed in words ("Pictures per session (Left or right?): 40 → 60") so the
person applying it, often on the phone with the therapist, can check them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from gmi.model.protocol import Protocol, ProtocolError, load_protocol_file
from gmi.model.protocol_diff import describe_changes
from gmi.store import DataStore, StoreError
from gmi.store.pin import check_pin
from gmi.store.profiles import Profile
from gmi.store.protocols import active_protocol, apply_protocol
from gmi.ui.widgets import card, fit_dialog, label, scroll_page


def read_programme(path: Path, profile: Profile) -> tuple[Protocol | None, str]:
    """The protocol in `path` for `profile`, or None and why it cannot be used."""
    try:
        protocol = load_protocol_file(path)
    except ProtocolError as exc:
        return None, f"This file cannot be used: {exc}"
    if protocol.body_part != profile.body_part:
        return None, (f"This programme is for a {protocol.body_part}; {profile.display_name} "
                      f"practises with a {profile.body_part}. Ask your therapist for the "
                      "right file.")
    return protocol, ""


class ProgrammeFileDialog(QDialog):
    """Shows the changes a programme file makes; applies it after the therapist PIN."""

    applied = Signal(object)  # the saved Profile

    def __init__(self, store: DataStore, profile: Profile, path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("A programme from your therapist")
        self.store = store
        self.profile = profile
        self.path = path
        self.protocol, problem = read_programme(path, profile)
        current = active_protocol(store.layout, profile)
        self.changes = describe_changes(current, self.protocol) if self.protocol else []
        self.pin_hash = store.load_settings().therapist_pin

        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(10)
        box.addWidget(label(f"For {profile.display_name}, from the file {path.name}", "muted"))
        frame, inner = card()
        if problem:
            inner.addWidget(label(problem, "error"))
        elif not self.changes:
            inner.addWidget(label("This is the programme already in use; nothing changes."))
        else:
            inner.addWidget(label("What changes", "subtitle"))
            for line in self.changes:
                inner.addWidget(label(f"•  {line}"))
        box.addWidget(frame)
        box.addStretch(1)

        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(8)
        self.pin_edit.setAccessibleName("Therapist PIN")
        self.pin_edit.setPlaceholderText("Therapist PIN")
        self.pin_edit.returnPressed.connect(self.apply)
        self.pin_error = label("", "error")
        self.apply_button = QPushButton("Apply the new programme")
        self.apply_button.setObjectName("primary")
        self.apply_button.clicked.connect(self.apply)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        usable = self.protocol is not None and bool(self.changes)
        if usable and not self.pin_hash:
            self.pin_error.setText("No therapist PIN is set on this computer yet. Your "
                                   "therapist sets one under Therapist, then applies the file.")
            usable = False
        self.pin_edit.setEnabled(usable)
        self.apply_button.setEnabled(usable)

        outer = QVBoxLayout(self)
        outer.addWidget(scroll_page(content), 1)
        outer.addWidget(self.pin_edit)
        outer.addWidget(self.pin_error)
        row = QHBoxLayout()
        row.addWidget(self.apply_button)
        row.addWidget(cancel)
        row.addStretch(1)
        outer.addLayout(row)
        fit_dialog(self, chars=66)
        (self.pin_edit if usable else cancel).setFocus(Qt.FocusReason.OtherFocusReason)

    def apply(self) -> bool:
        if self.protocol is None or not self.changes or not self.pin_hash:
            return False
        if not check_pin(self.pin_edit.text().strip(), self.pin_hash):
            self.pin_error.setText("That PIN is not right. Nothing was changed.")
            self.pin_edit.selectAll()
            return False
        try:
            saved = apply_protocol(self.store.layout, self.store.profiles, self.profile,
                                   self.protocol, how="programme file applied",
                                   source=self.path.name)
        except StoreError as exc:
            self.pin_error.setText(f"The programme could not be saved: {exc.message} "
                                   "Please try again.")
            return False
        self.applied.emit(saved)
        self.accept()
        return True
