"""Who is practising? Pick a person, add one, or restore damaged details.

Several people may share a laptop (or a clinic machine), so the picker is
the way in; a code instead of a name is offered for privacy.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gmi.model.validation import describe
from gmi.store.errors import StoreError
from gmi.store.profiles import DamagedProfile, Profile, ProfileStore, suggest_code
from gmi.ui.widgets import card, clear_layout, label, scroll_page


def _radio_pair(first: str, second: str, values: tuple[str, str]) -> tuple[QWidget, QButtonGroup]:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(box)
    for n, (text, value) in enumerate(zip((first, second), values, strict=True)):
        button = QRadioButton(text)
        button.setProperty("value", value)
        group.addButton(button, n)
        row.addWidget(button)
    row.addStretch(1)
    return box, group


def _chosen(group: QButtonGroup) -> str | None:
    button = group.checkedButton()
    return None if button is None else button.property("value")


class ProfilesScreen(QWidget):
    """Lists people; emits `chosen` with a Profile after pick, create or restore."""

    chosen = Signal(object)

    def __init__(self, profiles: ProfileStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = profiles
        self._restore_id: str | None = None

        content = QWidget()
        page = QVBoxLayout(content)
        page.setContentsMargins(32, 24, 32, 32)
        page.setSpacing(16)
        self.heading = label("Who is practising?", "title")
        page.addWidget(self.heading)
        self._people_box = QVBoxLayout()
        self._people_box.setSpacing(10)
        page.addLayout(self._people_box)

        form_card, form_box = card()
        self.form_title = label("Add a person", "subtitle")
        form_box.addWidget(self.form_title)
        form_box.addWidget(label(
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
        part_box, self.part_group = _radio_pair("&Hand", "&Foot", ("hand", "foot"))
        side_box, self.side_group = _radio_pair("&Left", "&Right", ("left", "right"))
        form.addRow("&Code", self.code_edit)
        form.addRow("&Name", self.name_edit)
        form.addRow("Practising for my", part_box)
        form.addRow("The side that hurts", side_box)
        form_box.addLayout(form)
        self.error_label = label("", "error")
        self.error_label.hide()
        form_box.addWidget(self.error_label)
        self.create_button = QPushButton("Create and continue")
        self.create_button.setObjectName("primary")
        self.create_button.clicked.connect(self._create)
        form_box.addWidget(self.create_button)
        page.addWidget(form_card)
        page.addStretch(1)
        for edit in (self.code_edit, self.name_edit):
            edit.returnPressed.connect(self._create)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content))
        self.refresh()

    def refresh(self) -> None:
        """Re-read the profiles from disk and rebuild the list."""
        clear_layout(self._people_box)
        profiles, damaged = self._store.list()
        self.person_buttons: list[QPushButton] = []
        self.restore_buttons: list[QPushButton] = []
        if profiles:
            self.heading.setText("Who is practising?")
        else:
            self.heading.setText("Welcome. Who will practise?")
            self._people_box.addWidget(label(
                "GMI Trainer helps your brain practise moving without pain, a few minutes "
                "every day. Start by adding the person who will practise.", "muted"))
        for profile in profiles:
            button = QPushButton(self._describe(profile))
            button.setObjectName("person")
            button.setAccessibleName(f"Choose {profile.display_name}")
            button.clicked.connect(lambda _=False, p=profile: self.chosen.emit(p))
            self.person_buttons.append(button)
            self._people_box.addWidget(button)
        for broken in damaged:
            self._people_box.addWidget(self._damaged_row(broken))

    @staticmethod
    def _describe(profile: Profile) -> str:
        who = profile.display_name
        extra = f" ({profile.code})" if profile.name else ""
        return f"{who}{extra}  ·  {profile.affected_side} {profile.body_part}"

    def _damaged_row(self, broken: DamagedProfile) -> QWidget:
        frame, box = card()
        plural = "s" if broken.session_count != 1 else ""
        sessions = f"{broken.session_count} saved session{plural}"
        box.addWidget(label(f"Profile details need restoring: {broken.reason}. "
                            f"{sessions} are safe in {broken.folder}."))
        button = QPushButton("Restore these details")
        button.clicked.connect(lambda _=False, b=broken: self.begin_restore(b))
        self.restore_buttons.append(button)
        box.addWidget(button)
        return frame

    def begin_restore(self, broken: DamagedProfile) -> None:
        """Fill the form in restore mode: the new details keep the old folder."""
        self._restore_id = broken.profile_id
        self.form_title.setText("Restore profile details")
        self.create_button.setText("Restore and continue")
        self.code_edit.setFocus()

    def _create(self) -> None:
        code = self.code_edit.text().strip()
        part = _chosen(self.part_group)
        side = _chosen(self.side_group)
        problem = (
            "Please enter a code (any short word or number)." if not code
            else "Please choose hand or foot." if part is None
            else "Please choose the side that hurts." if side is None
            else "Someone already uses this code; please pick another."
            if self._store.code_taken(code, except_id=self._restore_id)
            else ""
        )
        if problem:
            self._show_error(problem)
            return
        try:
            profile = self._store.create(
                code=code, name=self.name_edit.text().strip(), body_part=part,  # type: ignore[arg-type]
                affected_side=side, profile_id=self._restore_id,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            self._show_error(describe(exc))
            return
        except StoreError as exc:
            self._show_error(f"The details could not be saved. {exc.message}")
            return
        self.error_label.hide()
        self._restore_id = None
        self.form_title.setText("Add a person")
        self.create_button.setText("Create and continue")
        self.code_edit.setText(suggest_code())
        self.name_edit.clear()
        self.refresh()
        self.chosen.emit(profile)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
