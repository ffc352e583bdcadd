"""Who is practising? Pick a person, add one, or restore damaged details.

Several people may share a laptop (or a clinic machine), so the picker is
the way in; a code instead of a name is offered for privacy.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gmi.store.profiles import DamagedProfile, Profile, ProfileStore
from gmi.ui.profile_form import ProfileForm
from gmi.ui.theme import repolish
from gmi.ui.widgets import card, clear_layout, label, scroll_page


class ProfilesScreen(QWidget):
    """Lists people; emits `chosen` with a Profile after pick, create or restore."""

    chosen = Signal(object)

    def __init__(self, profiles: ProfileStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = profiles

        content = QWidget()
        page = QVBoxLayout(content)
        page.setContentsMargins(32, 24, 32, 32)
        page.setSpacing(16)
        self.heading = label("Who is practising?", "title")
        page.addWidget(self.heading)
        self._people_box = QVBoxLayout()
        self._people_box.setSpacing(10)
        page.addLayout(self._people_box)

        self.form = ProfileForm(profiles)
        self.form.created.connect(self._created)
        # The form's parts, named as before for keyboard tests and screenshots.
        self.code_edit, self.name_edit = self.form.code_edit, self.form.name_edit
        self.part_group, self.side_group = self.form.part_group, self.form.side_group
        self.create_button, self.error_label = self.form.create_button, self.form.error_label
        self.form_title = self.form.title
        page.addWidget(self.form)
        page.addStretch(1)

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
        # Adding a person is the way on only when nobody is set up yet.
        self.create_button.setObjectName("" if profiles else "primary")
        repolish(self.create_button)
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
        self.form.begin_restore(broken.profile_id)

    def _created(self, profile: Profile) -> None:
        self.refresh()
        self.chosen.emit(profile)
