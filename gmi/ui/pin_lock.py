"""The therapist's lock: a PIN the patient cannot take.

On first opening nobody owns the area yet, so the screen first asks for an
explicit "I am the therapist" step, then the PIN typed twice, then shows a
recovery code once (only hashes are kept, `gmi.store.pin`). Later it asks for
the PIN, and offers to change it (old PIN needed) or reset it with the
recovery code. Every change goes into the therapist log (`gmi.store.changelog`).
The rules live in `gmi.store.pin`; this module only shows fields and errors.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gmi.store import DataStore, StoreError
from gmi.store.changelog import How, record_change
from gmi.store.pin import PinError, PinUpdate, change_pin, check_pin, reset_pin, set_pin
from gmi.ui.widgets import FieldError, label, scroll_page


def pin_field(name: str, length: int = 8) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(length)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(name)  # an empty box alone does not say what goes in it
    return edit


def save_pin_update(store: DataStore, update: PinUpdate, how: How) -> str:
    """Save the new hashes and log how; '' when saved, else the problem in words."""
    try:
        store.update_settings(therapist_pin=update.pin_hash,
                              therapist_recovery=update.recovery_hash)
    except StoreError as exc:
        return f"The PIN could not be saved: {exc.message}"
    # The PIN is saved; a log that cannot be written must not lock anyone out.
    with contextlib.suppress(StoreError):
        record_change(store.layout, how)
    return ""


RECOVERY_WORDS = ("With this code a forgotten PIN can be reset. It is shown only now and is "
                  "not stored (only a check of it is). Please write it down and keep it "
                  "with the patient's notes, not with the patient.")


def _with_error(field: QLineEdit, error: QLabel) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    column.addWidget(error)
    return box


class NewPinFields(QWidget):
    """The first PIN, typed twice, each error next to its field, and the button that sets it.

    Shared by the Therapist area's first opening and the welcome (when therapist and
    patient set the app up together), so the rules and words are the same in both.
    Emits `pin_set(recovery_code)`: whoever shows these fields shows the code once.
    """

    pin_set = Signal(str)

    def __init__(self, store: DataStore, how: How, button_text: str = "Set PIN",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.how: How = how
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.new_edit = pin_field("New PIN")
        self.repeat_edit = pin_field("New PIN again")
        self.new_error, self.repeat_error = FieldError(), FieldError()
        form.addRow("New PIN (4 to 8 digits)", _with_error(self.new_edit, self.new_error))
        form.addRow("The same PIN again", _with_error(self.repeat_edit, self.repeat_error))
        # Enter in the first field goes on to the second; Enter there sets the PIN.
        self.new_edit.returnPressed.connect(
            lambda: self.repeat_edit.setFocus(Qt.FocusReason.TabFocusReason))
        self.repeat_edit.returnPressed.connect(self.submit)
        self.set_button = QPushButton(button_text)
        self.set_button.setObjectName("primary")
        self.set_button.clicked.connect(self.submit)
        self.buttons = QHBoxLayout()  # a screen may add its own way out beside it
        self.buttons.addWidget(self.set_button)
        self.buttons.addStretch(1)
        form.addRow("", self.buttons)

    def clear(self) -> None:
        for widget in (self.new_edit, self.repeat_edit, self.new_error, self.repeat_error):
            widget.setText("")

    def submit(self) -> bool:
        """Set the PIN if both entries agree and fit; else say why next to the field
        and save nothing."""
        self.new_error.setText("")
        self.repeat_error.setText("")
        try:
            update = set_pin(self.store.load_settings().therapist_pin,
                             self.new_edit.text().strip(), self.repeat_edit.text().strip())
        except PinError as exc:
            repeat = exc.field == "repeat"
            (self.repeat_error if repeat else self.new_error).setText(exc.message)
            field = self.repeat_edit if repeat else self.new_edit
            field.selectAll()
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        problem = save_pin_update(self.store, update, self.how)
        if problem:
            self.new_error.setText(problem)
            return False
        self.new_edit.clear()
        self.repeat_edit.clear()
        self.pin_set.emit(update.recovery_code)
        return True


class PinLock(QWidget):
    """Emits `opened` once the therapist is let in (PIN given, or set and noted)."""

    opened = Signal()

    def __init__(self, store: DataStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.therapist_confirmed = False  # the explicit "I am the therapist" step
        self._reset = False  # the change page resets with the recovery code
        self.modes = QStackedWidget()
        self.modes.addWidget(self._build_enter())
        self.modes.addWidget(self._build_first())
        self.modes.addWidget(self._build_change())
        self.modes.addWidget(self._build_code())
        self.modes.setMaximumWidth(820)  # fields a PIN wide, not a screen wide
        column = QWidget()
        row = QHBoxLayout(column)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.modes, 1)
        row.addStretch(0)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(column))

    # -- pages --------------------------------------------------------------------------
    def _page(self, title: str, text: str) -> tuple[QWidget, QVBoxLayout, QLabel, QLabel]:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(40, 32, 40, 32)
        box.setSpacing(12)
        title_label = label(title, "title")
        text_label = label(text, "muted")
        box.addWidget(title_label)
        box.addWidget(text_label)
        return page, box, title_label, text_label

    def _error(self) -> QLabel:
        return label("", "error")

    def _build_enter(self) -> QWidget:
        self.enter_page, box, self.title, _ = self._page(
            "For your therapist",
            "This part changes the practice programme. Please ask your therapist.")
        self.pin_edit = pin_field("Therapist PIN")
        self.pin_edit.returnPressed.connect(self.unlock)
        box.addWidget(self.pin_edit)
        self.pin_error = self._error()
        box.addWidget(self.pin_error)
        self.unlock_button = QPushButton("Open")
        self.unlock_button.setObjectName("primary")
        self.unlock_button.clicked.connect(self.unlock)
        box.addWidget(self.unlock_button)
        # one under the other: side by side they do not fit at the largest text size
        self.change_link = QPushButton("Change the PIN…")
        self.change_link.clicked.connect(lambda: self.show_change(False))
        self.reset_link = QPushButton("Forgot the PIN? Use the recovery code…")
        self.reset_link.clicked.connect(lambda: self.show_change(True))
        for link in (self.change_link, self.reset_link):
            box.addWidget(link, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)
        return self.enter_page

    def _build_first(self) -> QWidget:
        self.first_page, box, _, self.first_text = self._page(
            "Set a therapist PIN",
            "The therapist sets this PIN, so that the programme only changes with them. "
            "If you are the patient, please close this part and ask your therapist.")
        self.iam_button = QPushButton("I am the therapist")
        self.iam_button.setObjectName("primary")
        self.iam_button.clicked.connect(self.confirm_therapist)
        box.addWidget(self.iam_button)
        self.first_fields = NewPinFields(self.store, "PIN set")
        self.first_fields.pin_set.connect(self._show_code)
        # the fields under their old names, for the area and its tests
        self.new_edit, self.repeat_edit = self.first_fields.new_edit, self.first_fields.repeat_edit
        self.new_error, self.repeat_error = (self.first_fields.new_error,
                                             self.first_fields.repeat_error)
        self.set_button = self.first_fields.set_button
        self.first_fields.setVisible(False)
        box.addWidget(self.first_fields)
        box.addStretch(1)
        return self.first_page

    def _build_change(self) -> QWidget:
        self.change_page, box, self.change_title, self.change_text = self._page("", "")
        form = QFormLayout()
        self.old_edit = pin_field("Old PIN")
        self.recovery_edit = QLineEdit()
        self.recovery_edit.setAccessibleName("Recovery code")
        self.recovery_edit.setPlaceholderText("XXXX-XXXX-XXXX")
        self.old_label, self.recovery_label = QLabel("Old PIN"), QLabel("Recovery code")
        self.old_error, self.recovery_error = self._error(), self._error()
        self.change_new = pin_field("New PIN")
        self.change_repeat = pin_field("New PIN again")
        self.change_new_error, self.change_repeat_error = self._error(), self._error()
        form.addRow(self.old_label, self.old_edit)
        form.addRow("", self.old_error)
        form.addRow(self.recovery_label, self.recovery_edit)
        form.addRow("", self.recovery_error)
        form.addRow("New PIN (4 to 8 digits)", self.change_new)
        form.addRow("", self.change_new_error)
        form.addRow("The same PIN again", self.change_repeat)
        form.addRow("", self.change_repeat_error)
        box.addLayout(form)
        row = QHBoxLayout()
        self.change_button = QPushButton("Change the PIN")
        self.change_button.setObjectName("primary")
        self.change_button.clicked.connect(self.apply_change)
        cancel = QPushButton("Back")
        cancel.clicked.connect(self.show_lock)
        row.addWidget(self.change_button)
        row.addWidget(cancel)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(1)
        return self.change_page

    def _build_code(self) -> QWidget:
        self.code_page, box, _, _ = self._page(
            "Write down the recovery code", RECOVERY_WORDS)
        self.code_label = label("", "title")
        self.code_label.setAccessibleName("Recovery code")
        box.addWidget(self.code_label)
        self.noted_button = QPushButton("I have written it down: open")
        self.noted_button.setObjectName("primary")
        self.noted_button.clicked.connect(self._noted)
        box.addWidget(self.noted_button)
        box.addStretch(1)
        return self.code_page

    # -- behaviour -----------------------------------------------------------------------
    @property
    def has_pin(self) -> bool:
        return bool(self.store.load_settings().therapist_pin)

    def show_lock(self) -> None:
        """The entry page, or the first-time page when no PIN is set yet."""
        for edit in (self.pin_edit, self.new_edit, self.repeat_edit, self.old_edit,
                     self.recovery_edit, self.change_new, self.change_repeat):
            edit.clear()
        for error in (self.pin_error, self.new_error, self.repeat_error, self.old_error,
                      self.recovery_error, self.change_new_error, self.change_repeat_error):
            error.setText("")
        if self.has_pin:
            self.modes.setCurrentWidget(self.enter_page)
            self.pin_edit.setFocus()
        else:
            self.therapist_confirmed = False
            self.first_fields.setVisible(False)
            self.iam_button.setVisible(True)
            self.modes.setCurrentWidget(self.first_page)

    def confirm_therapist(self) -> None:
        """The explicit step: only now do the PIN fields appear."""
        self.therapist_confirmed = True
        self.iam_button.setVisible(False)
        self.first_fields.setVisible(True)
        self.new_edit.setFocus()

    def unlock(self) -> bool:
        settings = self.store.load_settings()
        if not settings.therapist_pin:
            self.show_lock()
            return False
        if not check_pin(self.pin_edit.text().strip(), settings.therapist_pin):
            self.pin_error.setText("That PIN is not right.")
            return False
        self.pin_edit.clear()
        self.pin_error.setText("")
        self.opened.emit()
        return True

    def set_first(self) -> bool:
        """Set the first PIN (after the therapist step); then show the recovery code."""
        if not self.therapist_confirmed:
            return False
        return self.first_fields.submit()

    def show_change(self, reset: bool) -> None:
        self.show_lock()
        self._reset = reset
        self.change_title.setText("Reset the PIN" if reset else "Change the PIN")
        self.change_text.setText(
            "Type the recovery code you wrote down when the PIN was set, then a new PIN."
            if reset else "Type the PIN in use now, then the new one twice.")
        for widget in (self.old_label, self.old_edit, self.old_error):
            widget.setVisible(not reset)
        for widget in (self.recovery_label, self.recovery_edit, self.recovery_error):
            widget.setVisible(reset)
        self.change_button.setText("Reset the PIN" if reset else "Change the PIN")
        self.modes.setCurrentWidget(self.change_page)

    def apply_change(self) -> bool:
        """Change (old PIN) or reset (recovery code); wrong answers change nothing."""
        for error in (self.old_error, self.recovery_error, self.change_new_error,
                      self.change_repeat_error):
            error.setText("")
        settings = self.store.load_settings()
        new, repeat = self.change_new.text().strip(), self.change_repeat.text().strip()
        try:
            if self._reset:
                update = reset_pin(settings.therapist_recovery, self.recovery_edit.text(),
                                   new, repeat)
                how: How = "PIN reset with the recovery code"
            else:
                update = change_pin(settings.therapist_pin, self.old_edit.text().strip(),
                                    new, repeat)
                how = "PIN changed"
        except PinError as exc:
            target = {"old": self.old_error, "recovery": self.recovery_error,
                      "repeat": self.change_repeat_error}.get(exc.field, self.change_new_error)
            target.setText(exc.message)
            return False
        return self._save(update, how, self.change_new_error)

    def _save(self, update: PinUpdate, how: How, error: QLabel) -> bool:
        problem = save_pin_update(self.store, update, how)
        if problem:
            error.setText(problem)
            return False
        self._show_code(update.recovery_code)
        return True

    def _show_code(self, code: str) -> None:
        self.code_label.setText(code)
        self.recovery_code = code  # for tests; never written anywhere
        self.modes.setCurrentWidget(self.code_page)
        self.noted_button.setFocus()

    def _noted(self) -> None:
        self.code_label.setText("")
        self.opened.emit()
