"""Settings: where the data is (and a way to open it), camera, text size."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from gmi import __version__
from gmi.app.session_times import sessions_per_day, time_fields
from gmi.model.reminder import reminder_ics
from gmi.store import DataStore, StoreError
from gmi.store.files import write_atomic
from gmi.store.profiles import Profile
from gmi.store.settings import AppSettings
from gmi.ui.cue_fields import CueFields
from gmi.ui.widgets import card, label, scroll_page, text_size_choice
from gmi.vision.devices import CameraInfo, list_cameras

if TYPE_CHECKING:
    from gmi.app.own_photos import OwnPhotos

ANSWER_KEY_LABELS = {
    "Left,Right": "← and → (arrow keys)",
    "A,L": "A (left) and L (right)",
    "F,J": "F (left) and J (right)",
    "Z,M": "Z (left) and M (right)",
}


class SettingsScreen(QWidget):
    """Edits AppSettings; emits `changed` after each change is saved."""

    changed = Signal(object)
    welcome_requested = Signal()
    programme_applied = Signal(object)  # the person's Profile, with the new programme

    def __init__(
        self,
        store: DataStore,
        settings: AppSettings,
        cameras: list[CameraInfo] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.settings = settings
        content = QWidget()
        page = QVBoxLayout(content)
        page.setContentsMargins(32, 24, 32, 32)
        page.setSpacing(16)
        page.addWidget(label("Settings", "title"))

        # Data folder
        data_card, box = card()
        box.addWidget(label("Where your practice is saved", "subtitle"))
        self.path_label = label(str(store.root.path))
        self.path_label.setAccessibleName("Data folder")
        box.addWidget(self.path_label)
        box.addWidget(label(f"This is {store.root.explanation}. Everything stays on this "
                            "computer; nothing is sent anywhere.", "muted"))
        self.status_label = label("", "muted")
        box.addWidget(self.status_label)
        row = QHBoxLayout()
        self.open_button = QPushButton("&Open folder")
        self.open_button.clicked.connect(lambda: self.open_folder(store.root.path))
        row.addWidget(self.open_button)
        self.open_quarantine_button = QPushButton("Open set-aside files")
        self.open_quarantine_button.clicked.connect(
            lambda: self.open_folder(store.layout.quarantine_dir))
        row.addWidget(self.open_quarantine_button)
        self.send_button = QPushButton("Send my practice to my &therapist…")
        self.send_button.setToolTip("One locked file with a passphrase, for a USB stick or "
                                    "e-mail")
        self.send_button.clicked.connect(self.send_practice)
        row.addWidget(self.send_button)
        row.addStretch(1)
        box.addLayout(row)
        page.addWidget(data_card)

        # Camera
        cam_card, box = card()
        box.addWidget(label("Camera", "subtitle"))
        box.addWidget(label("Used for mirror practice and movement tracking. Pictures from "
                            "the camera are never saved.", "muted"))
        self.camera_combo = QComboBox()
        self.camera_combo.setAccessibleName("Camera")
        for cam in list_cameras() if cameras is None else cameras:
            self.camera_combo.addItem(f"{cam.name} (camera {cam.index})", cam.index)
        self.camera_combo.addItem("No camera (stages 1 and 2 still work)", None)
        wanted = self.camera_combo.findData(settings.camera_index)
        self.camera_combo.setCurrentIndex(wanted if wanted >= 0 else self.camera_combo.count() - 1)
        self.camera_combo.currentIndexChanged.connect(self._camera_changed)
        box.addWidget(self.camera_combo)
        self.camera_info_box = QCheckBox("Show the camera's speed and delay over the picture")
        self.camera_info_box.setChecked(settings.camera_info)
        self.camera_info_box.toggled.connect(lambda on: self._save(camera_info=on))
        box.addWidget(self.camera_info_box)
        self.tracking_model_box = QCheckBox(
            "Surer hand tracking (a little slower; for a fast computer)")
        self.tracking_model_box.setChecked(settings.tracking_model == 1)
        self.tracking_model_box.toggled.connect(
            lambda on: self._save(tracking_model=1 if on else 0))
        box.addWidget(self.tracking_model_box)
        page.addWidget(cam_card)

        # Text size
        text_card, box = card()
        box.addWidget(label("Text size", "subtitle"))
        sizes, self.size_group = text_size_choice(settings.text_size)
        self.size_group.buttonToggled.connect(self._size_toggled)
        box.addWidget(sizes)
        page.addWidget(text_card)

        # Practice
        practice_card, box = card()
        box.addWidget(label("Practice", "subtitle"))
        box.addWidget(label("Keys for answering left and right:", "muted"))
        self.keys_combo = QComboBox()
        self.keys_combo.setAccessibleName("Answer keys")
        for keys, text in ANSWER_KEY_LABELS.items():
            self.keys_combo.addItem(text, keys)
        self.keys_combo.setCurrentIndex(max(0, self.keys_combo.findData(settings.answer_keys)))
        self.keys_combo.currentIndexChanged.connect(
            lambda: self._save(answer_keys=self.keys_combo.currentData()))
        box.addWidget(self.keys_combo)
        self.chime_box = QCheckBox("A soft chime between imagery steps")
        self.chime_box.setChecked(settings.chime)
        self.chime_box.toggled.connect(lambda on: self._save(chime=on))
        self.speech_box = QCheckBox("Read imagery instructions aloud (where this computer can)")
        self.speech_box.setChecked(settings.spoken_prompts)
        self.speech_box.toggled.connect(lambda on: self._save(spoken_prompts=on))
        box.addWidget(self.chime_box)
        box.addWidget(self.speech_box)
        row = QHBoxLayout()
        self.programme_button = QPushButton("Apply a programme file from your therapist…")
        self.programme_button.setToolTip("Shows what changes; needs the therapist PIN")
        self.programme_button.clicked.connect(lambda: self.apply_programme_file())
        row.addWidget(self.programme_button)
        row.addStretch(1)
        box.addLayout(row)
        page.addWidget(practice_card)
        page.addWidget(self._reminder_card(settings))

        # Own pictures
        self.own_card, box = card()
        box.addWidget(label("Pictures of your own hand", "subtitle"))
        box.addWidget(label(
            "If you like, the camera can take a few pictures of your comfortable hand for the "
            "left/right practice. They stay on this computer, in your data folder, and you can "
            "delete them at any time.", "muted"))
        self.own_status = label("", "muted")
        box.addWidget(self.own_status)
        row = QHBoxLayout()
        self.take_photos_button = QPushButton("Take pictures…")
        self.take_photos_button.clicked.connect(self.take_own_photos)
        self.delete_photos_button = QPushButton("Delete my pictures")
        self.delete_photos_button.clicked.connect(self.delete_own_photos)
        row.addWidget(self.take_photos_button)
        row.addWidget(self.delete_photos_button)
        row.addStretch(1)
        box.addLayout(row)
        page.addWidget(self.own_card)
        self.profile = None
        self.own_card.hide()
        self.programme_button.setEnabled(False)
        self.send_button.setEnabled(False)

        row = QHBoxLayout()
        self.welcome_button = QPushButton("Show the &welcome again")
        self.welcome_button.setToolTip("Who practises, camera check, text size, first plan")
        self.welcome_button.clicked.connect(self.welcome_requested)
        row.addWidget(self.welcome_button)
        row.addStretch(1)
        page.addLayout(row)
        page.addWidget(label(f"GMI Trainer {__version__}", "small"))
        page.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content))
        self.refresh_status()

    def _reminder_card(self, settings: AppSettings) -> QWidget:
        frame, box = card()
        box.addWidget(label("Daily cue and reminder", "subtitle"))
        self.cue_fields = CueFields(settings.cue, settings.reminder_at)
        self.cue_fields.changed.connect(
            lambda cue, at: self._save(cue=cue, reminder_at=at))
        self.cue_fields.times_changed.connect(lambda times: self._save(session_times=times))
        # The fields by name, for keyboard tests and screenshots.
        self.cue_edit = self.cue_fields.cue_edit
        self.reminder_box = self.cue_fields.reminder_box
        self.reminder_time = self.cue_fields.reminder_time
        box.addWidget(self.cue_fields)
        where = ("a note appears by the clock" if QSystemTrayIcon.isSystemTrayAvailable()
                 else "a note appears in this window")
        box.addWidget(label(
            f"While GMI Trainer is open, {where} at this time if you have not practised "
            "yet (with several sessions a day: for each one not yet done, and once more "
            "in the evening if none was). A time already past today starts tomorrow.",
            "muted"))
        row = QHBoxLayout()
        self.calendar_button = QPushButton("Add to my &calendar…")
        self.calendar_button.setToolTip("Saves a calendar file (.ics) with a daily event")
        self.calendar_button.clicked.connect(lambda: self.save_calendar())
        row.addWidget(self.calendar_button)
        row.addStretch(1)
        box.addLayout(row)
        self.calendar_status = label("A calendar file lets your phone or computer remind you "
                                     "even when GMI Trainer is closed. Nothing is sent "
                                     "anywhere.", "muted")
        box.addWidget(self.calendar_status)
        return frame

    def save_calendar(self, path: str | None = None) -> Path | None:
        """Write the daily event as an .ics file; asks where unless `path` is given."""
        self.cue_fields.cue_edit.editingFinished.emit()  # a cue still being typed counts
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save the daily reminder", str(Path.home() / "gmi-daily-practice.ics"),
                "Calendar file (*.ics)")
            if not path:
                return None
        if self.cue_fields.problem:
            self.calendar_status.setText("Please mend the session times above first.")
            return None
        who = self.profile.id if self.profile is not None else "everyone"
        first, *more = self.cue_fields.chosen_times
        data = reminder_ics(self.cue_fields.cue, first, date.today(),
                            f"gmi-daily-{who}@gmi-trainer.local",
                            more=more)  # every daily session
        target = Path(path)
        try:
            write_atomic(target, data)
        except StoreError as exc:
            self.calendar_status.setText(
                f"The calendar file could not be saved: {exc.message} Try another folder.")
            return None
        self.calendar_status.setText(
            f"Saved to {target}. Open it with your calendar app (or send it to your phone) to "
            "add the daily event.")
        return target

    def send_practice(self) -> None:
        """The encrypted bundle for the therapist (window-modal; the loop keeps running)."""
        from gmi.ui.bundle_dialogs import ExportBundleDialog

        if self.profile is None:
            return
        self.send_dialog = ExportBundleDialog(self._store, self.profile, self)
        self.send_dialog.open()

    def apply_programme_file(self, path: str | None = None) -> None:
        """Choose the file (unless given), then show its changes and ask for the PIN."""
        from gmi.ui.programme_file import ProgrammeFileDialog

        if self.profile is None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "A programme file from your therapist", str(Path.home()),
                "Programme files (*.toml)")
            if not path:
                return
        self.programme_dialog = ProgrammeFileDialog(self._store, self.profile, Path(path), self)
        self.programme_dialog.applied.connect(self._programme_applied)
        self.programme_dialog.open()  # window-modal; the event loop keeps running

    def _programme_applied(self, profile: Profile) -> None:
        self.profile = profile
        self.show_session_times()
        self.programme_applied.emit(profile)

    def show_session_times(self) -> None:
        """One time field per session the person's programme asks for each day."""
        per_day = sessions_per_day(self._store, self.profile)
        self.cue_fields.set_times(time_fields(self.settings, per_day))

    def set_profile(self, profile: Profile | None) -> None:
        """Who is practising: own pictures and the programme belong to them."""
        self.profile = profile
        self.show_session_times()
        self.programme_button.setEnabled(profile is not None)
        self.send_button.setEnabled(profile is not None)
        self.own_card.setVisible(profile is not None)
        if self.isVisible():
            self._refresh_own()

    def showEvent(self, event) -> None:
        # Counted when shown, not when the window starts: the photo code brings the
        # picture libraries, which Home does not need.
        self._refresh_own()
        super().showEvent(event)

    def own_photos(self) -> OwnPhotos | None:
        from gmi.app.own_photos import OwnPhotos

        if self.profile is None:
            return None
        return OwnPhotos(self._store.layout.own_photos_dir(self.profile.id))

    def _refresh_own(self) -> None:
        photos = self.own_photos()
        count = photos.count() if photos else 0
        self.own_status.setText("No pictures yet." if count == 0 else
                                f"{count} picture{'s' if count != 1 else ''} "
                                "(each also used as the other hand, mirrored).")
        self.delete_photos_button.setEnabled(count > 0)

    def take_own_photos(self) -> None:
        from gmi.ui.own_photos import OwnPhotosDialog

        photos = self.own_photos()
        if photos is None:
            return
        dialog = OwnPhotosDialog(self.profile, photos, self.settings.camera_index, parent=self)
        dialog.exec()
        self._refresh_own()

    def delete_own_photos(self) -> None:
        photos = self.own_photos()
        if photos is not None:
            photos.delete_all()
        self._refresh_own()

    def refresh_status(self) -> None:
        problem = self._store.check()
        set_aside = self._store.quarantined()
        parts = ["Saving works." if problem is None else f"Saving does not work: {problem.message}"]
        if set_aside:
            parts.append(f"{len(set_aside)} file(s) could not be read and were set aside "
                         "(nothing was deleted).")
        self.status_label.setText(" ".join(parts))
        self.status_label.setObjectName("ok" if problem is None else "error")
        self.status_label.style().polish(self.status_label)
        self.open_quarantine_button.setVisible(bool(set_aside))

    def open_folder(self, path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _camera_changed(self) -> None:
        self._save(camera_index=self.camera_combo.currentData())

    def _size_toggled(self, button: QRadioButton, checked: bool) -> None:
        if checked:
            self._save(text_size=button.property("value"))

    def _save(self, **changes: object) -> None:
        self.settings = self.settings.model_copy(update=changes)
        try:
            self._store.update_settings(**changes)
        except StoreError as exc:  # the change still applies for this run
            self.status_label.setText(
                f"This change works now but could not be saved: {exc.message}")
        self.changed.emit(self.settings)
