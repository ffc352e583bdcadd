"""The "add a person" form, shared by the person picker and the first-run welcome.

One form, so the two ways in check a new person the same way (a code, the body
part, the side that hurts, no code used twice) and word problems the same.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gmi.model.stages import BODY_PARTS
from gmi.model.validation import describe
from gmi.store.errors import StoreError
from gmi.store.profiles import Profile, ProfileStore, suggest_code
from gmi.ui.widgets import card, chosen, label, radio_row


class ProfileForm(QWidget):
    """A card to create (or restore) one person; emits `created` with the Profile."""

    created = Signal(object)

    def __init__(self, profiles: ProfileStore, button_text: str = "Save and continue",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = profiles
        self._button_text = button_text
        self.restore_id: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.frame: QFrame
        self.frame, box = card()
        outer.addWidget(self.frame)
        self.title = label("Add a person", "subtitle")
        box.addWidget(self.title)
        box.addWidget(label(
            "A code is enough; a name is optional. Reports for your therapist can show the "
            "code only.", "muted"))
        form = QFormLayout()
        form.setSpacing(10)
        self.code_edit = QLineEdit(suggest_code())
        self.code_edit.setMaxLength(40)
        self.code_edit.setAccessibleName("Code")
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(80)
        self.name_edit.setPlaceholderText("optional")
        self.name_edit.setAccessibleName("Name (optional)")
        # Alt letters of their own: H, P, S and T belong to the top bar (Home, Person,
        # Settings, Therapist), and a shared letter makes neither work
        part_box, self.part_group = radio_row((
            ("H&and", "hand"), ("&Foot", "foot"), ("N&eck", "neck"), ("&Back", "back"),
            ("Sh&oulder", "shoulder"), ("&Knee", "knee")))
        side_box, self.side_group = radio_row((("&Left", "left"), ("&Right", "right")))
        form.addRow("&Code", self.code_edit)
        form.addRow("&Name", self.name_edit)
        form.addRow("Practising for my", part_box)
        self.part_note = label("", "error")  # the chosen part's pictures cannot be drawn
        self.part_note.hide()
        form.addRow("", self.part_note)
        self.part_group.buttonToggled.connect(self._check_part)
        form.addRow("The side that hurts", side_box)
        box.addLayout(form)
        self.error_label = label("", "error")
        self.error_label.hide()
        box.addWidget(self.error_label)
        self.create_button = QPushButton(button_text)
        self.create_button.setObjectName("primary")
        self.create_button.clicked.connect(self.create)
        box.addWidget(self.create_button)
        for edit in (self.code_edit, self.name_edit):
            edit.returnPressed.connect(self.create)

    def _part_problem(self) -> tuple[str, bool]:
        """Why the chosen body part's pictures cannot be drawn here ('' if they can),
        and whether that stops the form: only when another part can be chosen (if
        none can, the other exercises still work, so the person is not locked out)."""
        from gmi.app.laterality import pictures_problem  # numpy and the mesh: not at start-up

        part = chosen(self.part_group)
        problem = pictures_problem(part) if part else ""
        if not problem:
            return "", False
        others = [p for p in BODY_PARTS if p != part and not pictures_problem(p)]
        if not others:
            return (f"{problem} Ask whoever set up the app to install it again; the other "
                    "exercises still work.", False)
        return f"{problem} Please choose {' or '.join(others)} instead.", True

    def _check_part(self, _button=None, checked: bool = True) -> None:
        if not checked:
            return
        text, _ = self._part_problem()
        self.part_note.setText(text)
        self.part_note.setVisible(bool(text))

    def begin_restore(self, profile_id: str) -> None:
        """Restore mode: the new details keep the old folder (and its sessions)."""
        self.restore_id = profile_id
        self.title.setText("Restore profile details")
        self.create_button.setText("Restore and continue")
        self.code_edit.setFocus()

    def problem(self) -> str:
        """What still stops the form from being saved, in words ('' if nothing)."""
        code = self.code_edit.text().strip()
        if not code:
            return "Please enter a code (any short word or number)."
        if chosen(self.part_group) is None:
            return "Please choose the part of the body you practise for."
        part_problem, blocking = self._part_problem()
        if blocking:
            return part_problem
        if chosen(self.side_group) is None:
            return "Please choose the side that hurts."
        if self._store.code_taken(code, except_id=self.restore_id):
            return "Someone already uses this code; please pick another."
        return ""

    def create(self) -> Profile | None:
        problem = self.problem()
        if problem:
            self.show_error(problem)
            return None
        try:
            profile = self._store.create(
                code=self.code_edit.text().strip(), name=self.name_edit.text().strip(),
                body_part=chosen(self.part_group),  # type: ignore[arg-type]
                affected_side=chosen(self.side_group),  # type: ignore[arg-type]
                profile_id=self.restore_id,
            )
        except ValidationError as exc:
            self.show_error(describe(exc))
            return None
        except StoreError as exc:
            self.show_error(f"The details could not be saved. {exc.message}")
            return None
        self.reset()
        self.created.emit(profile)
        return profile

    def reset(self) -> None:
        self.error_label.hide()
        self.restore_id = None
        self.title.setText("Add a person")
        self.create_button.setText(self._button_text)
        self.code_edit.setText(suggest_code())
        self.name_edit.clear()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
