"""The welcome on a new computer: who practises, camera, text size, PIN, first plan.

Six short steps, each with Back and one clear way on, so a person in pain
sets the app up alone in about two minutes. One step is for the therapist,
when they set the app up together: their PIN, typed twice (the same fields
as the Therapist area's, `gmi.ui.pin_lock`); "No, later" leaves it to the
Therapist area's first opening, so a patient alone is never asked for it.
The welcome is shown once (the setting `welcome_done` records it) and can be
opened again from Settings; when it is reopened, the person who is already set
up is kept, not asked again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gmi.app.camera import CameraSession, camera_overridden
from gmi.app.overview import build_overview
from gmi.app.session_times import time_fields
from gmi.model.plan import plan_words
from gmi.model.text_size import TextSize
from gmi.store import DataStore, StoreError
from gmi.store.profiles import Profile
from gmi.store.settings import AppSettings
from gmi.ui.cue_fields import CueFields
from gmi.ui.pin_lock import RECOVERY_WORDS, NewPinFields
from gmi.ui.profile_form import ProfileForm
from gmi.ui.trail import trail_picture
from gmi.ui.video_view import VideoView
from gmi.ui.widgets import card, clear_layout, label, notice_banner, scroll_page, text_size_choice
from gmi.vision.camera import FrameSource
from gmi.vision.devices import CameraInfo, list_cameras

STEP_TITLES = ("Welcome", "Who practises", "Camera", "Text size", "Your therapist",
               "Your first plan")
THERAPIST_STEP = STEP_TITLES.index("Your therapist")
NO_CAMERA_TEXT = (
    "No camera is needed to begin. Recognising left and right and imagining movements "
    "(stages 1 and 2) work without one; mirror practice and movement tracking need one. "
    "You can connect a camera later and choose it in Settings.")


def _page() -> tuple[QWidget, QVBoxLayout]:
    """One step's page: the screen around it sets the margins."""
    page = QWidget()
    box = QVBoxLayout(page)
    box.setContentsMargins(0, 0, 0, 0)
    return page, box


class FirstRunScreen(QWidget):
    """Emits `done(profile, start_now)` at the end, `put_off(profile)` on "Set up later";
    `text_size_changed` as sizes are tried."""

    done = Signal(object, bool)
    put_off = Signal(object)  # "Set up later": the person added so far, or None
    text_size_changed = Signal(str)
    settings_changed = Signal(object)

    def __init__(
        self,
        store: DataStore,
        settings: AppSettings,
        profile: Profile | None = None,
        cameras: list[CameraInfo] | None = None,
        open_camera: Callable[[int | None], FrameSource | None] | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.profile = profile
        self._open_camera = open_camera  # None: the settings' rules (GMI_CAMERA, device)
        self._today = today
        self.camera: CameraSession | None = None  # only while the camera step shows
        self.camera_problem = ""

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(40, 24, 40, 8)
        column.setSpacing(14)
        self.step_label = label("", "small")
        column.addWidget(self.step_label)
        self.leave_question = self._leave_question()
        column.addWidget(self.leave_question)
        if not store.writable and store.write_problem is not None:
            column.addWidget(notice_banner(
                "Your practice cannot be saved right now. " + store.write_problem.message))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._welcome_page())
        self.pages.addWidget(self._person_page())
        self.pages.addWidget(self._camera_page(cameras))
        self.pages.addWidget(self._text_page())
        self.pages.addWidget(self._therapist_page())
        self.pages.addWidget(self._plan_page())
        column.addWidget(self.pages, 1)

        row = QHBoxLayout()
        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton("Next")
        self.next_button.setObjectName("primary")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.home_button = QPushButton("Go to Home")
        self.home_button.clicked.connect(lambda: self.finish(start_now=False))
        self.later_button = QPushButton("Set up later")
        self.later_button.setToolTip("Home will offer to finish setting up")
        self.later_button.clicked.connect(self.set_up_later)
        row.addWidget(self.back_button)
        row.addWidget(self.later_button)
        row.addStretch(1)
        row.addWidget(self.home_button)
        row.addWidget(self.next_button)
        row.setContentsMargins(40, 8, 40, 16)
        outer.addWidget(scroll_page(content), 1)
        outer.addLayout(row)  # outside the scrolling page: the way on is always in view
        self._leave_to: Callable[[], None] | None = None
        self._save(welcome_started=True)  # it comes back until finished or put off
        self.go_to(0)

    def _leave_question(self) -> QWidget:
        """Asked when the top bar is used before the welcome is finished."""
        frame = QFrame()
        frame.setObjectName("notice")
        box = QVBoxLayout(frame)
        box.setContentsMargins(14, 10, 14, 10)
        box.addWidget(label("Leave setting up for now? Home will offer to finish it later, "
                            "and nothing you chose so far is lost."))
        row = QHBoxLayout()
        self.stay_button = QPushButton("Keep setting up")
        self.stay_button.clicked.connect(self.keep_going)
        self.leave_button = QPushButton("Set up later")
        self.leave_button.clicked.connect(self.set_up_later)
        row.addWidget(self.stay_button)
        row.addWidget(self.leave_button)
        row.addStretch(1)
        box.addLayout(row)
        frame.hide()
        return frame

    def ask_to_leave(self, then: Callable[[], None]) -> None:
        """The top bar was used: ask first; `then` runs if the person leaves."""
        self._leave_to = then
        self.leave_question.show()
        self.stay_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def keep_going(self) -> None:
        self._leave_to = None
        self.leave_question.hide()
        self.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)

    def set_up_later(self) -> None:
        """Put off: saved, so the app opens on Home next time and Home offers the rest."""
        self.stop_camera()
        self._save(welcome_put_off=True)
        then, self._leave_to = self._leave_to, None
        self.put_off.emit(self.profile)
        if then is not None:
            then()

    # -- pages -------------------------------------------------------------------
    def _welcome_page(self) -> QWidget:
        page, box = _page()
        box.addWidget(label("Welcome to GMI Trainer", "title"))
        box.addWidget(label(
            "GMI Trainer helps your brain practise moving without pain, in small steps: first "
            "telling left from right, then imagining movements, then a mirror, then moving. "
            "A few minutes every day is what helps most."))
        box.addWidget(label(
            "Setting up takes about two minutes: who practises, the camera, and a text size "
            "that is easy to read. Everything stays on this computer.", "muted"))
        box.addSpacing(8)
        box.addWidget(trail_picture(0.55, 6, "A path through a meadow: each day of practice "
                                    "makes your trail a little clearer.", width=540,
                                    dpr=self.devicePixelRatioF(), parent=page))
        box.addStretch(1)
        return page

    def _person_page(self) -> QWidget:
        page, self.person_box = _page()
        self.form = ProfileForm(self.store.profiles, button_text="Save and continue")
        self.form.created.connect(self._person_created)
        self._fill_person_page()
        return page

    def _fill_person_page(self) -> None:
        self.form.setParent(None)
        clear_layout(self.person_box)
        self.person_box.addWidget(label("Who will practise?", "title"))
        if self.profile is None:
            self.person_box.addWidget(self.form)
        else:
            p = self.profile
            self.person_box.addWidget(label(
                f"{p.display_name} is set up, practising with the {p.affected_side} "
                f"{p.body_part} in mind. Another person can be added later from Person."))
        self.person_box.addStretch(1)

    def _camera_page(self, cameras: list[CameraInfo] | None) -> QWidget:
        page, box = _page()
        box.addWidget(label("Check the camera", "title"))
        box.addWidget(label(
            "The camera is used for mirror practice and movement tracking. Its pictures are "
            "never saved. You should see yourself below; move a hand to check.", "muted"))
        self.camera_combo = QComboBox()
        self.camera_combo.setAccessibleName("Camera")
        found = list_cameras() if cameras is None else cameras
        if camera_overridden() and self._open_camera is None:
            found = [CameraInfo(0, "Stand-in camera from GMI_CAMERA")]
        for cam in found:
            self.camera_combo.addItem(f"{cam.name} (camera {cam.index})", cam.index)
        self.camera_combo.addItem("No camera (stages 1 and 2 still work)", None)
        wanted = self.camera_combo.findData(self.settings.camera_index) if found else -1
        self.camera_combo.setCurrentIndex(wanted if wanted >= 0 else self.camera_combo.count() - 1)
        self.camera_combo.currentIndexChanged.connect(self._camera_chosen)
        box.addWidget(self.camera_combo)
        self.video = VideoView(mirrored=True)
        self.video.setMinimumSize(320, 220)
        box.addWidget(self.video, 1)
        self.camera_status = label("", "muted")
        box.addWidget(self.camera_status)
        return page

    def _text_page(self) -> QWidget:
        page, box = _page()
        box.addWidget(label("Choose a text size", "title"))
        box.addWidget(label("Pick the size that is easiest to read today. It changes at once, "
                            "and you can change it again in Settings.", "muted"))
        sizes, self.size_group = text_size_choice(self.settings.text_size)
        self.size_group.buttonToggled.connect(self._size_toggled)
        box.addWidget(sizes)
        sample, sample_box = card()
        sample_box.addWidget(label("Today's plan", "subtitle"))
        sample_box.addWidget(label("→  Left or right? · about 4 minutes · next"))
        box.addWidget(sample)
        box.addStretch(1)
        return page

    def _therapist_page(self) -> QWidget:
        """Optional, and for the therapist: the patient alone goes on with "No, later"."""
        page, box = _page()
        box.addWidget(label("Is your therapist with you?", "title"))
        self.therapist_intro = label(
            "If your therapist is helping you set up, they can set their therapist PIN now. "
            "With it, only they can change your practice programme.")
        box.addWidget(self.therapist_intro)
        self.therapist_note = label(
            "This step is for your therapist, not for you. If they are not here, choose "
            "“No, later”: nothing is missing, and they can set it the first time they open "
            "the Therapist area.", "muted")
        box.addWidget(self.therapist_note)
        self.therapist_answers = QWidget()
        answers = QHBoxLayout(self.therapist_answers)
        answers.setContentsMargins(0, 0, 0, 0)
        self.therapist_yes = QPushButton("Yes, my therapist sets their PIN now")
        self.therapist_yes.clicked.connect(self._therapist_here)
        self.therapist_no = QPushButton("No, later")
        self.therapist_no.clicked.connect(self.next)
        answers.addWidget(self.therapist_yes)
        answers.addWidget(self.therapist_no)
        answers.addStretch(1)
        box.addWidget(self.therapist_answers)

        self.pin_box, pin_column = card()
        pin_column.addWidget(label("For the therapist", "subtitle"))
        pin_column.addWidget(label(
            "Please type a PIN of 4 to 8 digits, twice. It opens the Therapist area, where "
            "the programme is changed; the patient does not need it.", "muted"))
        self.pin_fields = NewPinFields(self.store, "PIN set in the welcome",
                                       button_text="Set the therapist PIN")
        self.pin_fields.new_edit.setMaximumWidth(260)
        self.pin_fields.repeat_edit.setMaximumWidth(260)
        self.pin_fields.pin_set.connect(self._pin_set)
        self.pin_later = QPushButton("No, later")  # a Yes by mistake is undone here
        self.pin_later.clicked.connect(self.next)
        self.pin_fields.buttons.insertWidget(1, self.pin_later)
        pin_column.addWidget(self.pin_fields)
        self.pin_box.hide()
        box.addWidget(self.pin_box)

        self.code_box, code_column = card()
        code_column.addWidget(label("Write down the recovery code", "subtitle"))
        code_column.addWidget(label(RECOVERY_WORDS, "muted"))
        self.code_label = label("", "title")
        self.code_label.setAccessibleName("Recovery code")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        code_column.addWidget(self.code_label)
        self.noted_button = QPushButton("I have written it down: continue")
        self.noted_button.setObjectName("primary")
        self.noted_button.clicked.connect(self._code_noted)
        code_column.addWidget(self.noted_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.code_box.hide()
        box.addWidget(self.code_box)
        self.pin_done = label("", "win")
        self.pin_done.hide()
        box.addWidget(self.pin_done)
        box.addStretch(1)
        return page

    def _fill_therapist_page(self) -> None:
        """The question while no PIN is set; a note once one is."""
        has_pin = bool(self.store.load_settings().therapist_pin)
        self.pin_fields.clear()
        self.code_label.setText("")
        self.code_box.hide()
        self.pin_box.hide()
        self.therapist_answers.setVisible(not has_pin)
        self.therapist_intro.setVisible(not has_pin)
        self.therapist_note.setVisible(not has_pin)
        self.pin_done.setVisible(has_pin)
        self.pin_done.setText("A therapist PIN is set. Your therapist can change it in the "
                              "Therapist area.")

    def _therapist_here(self) -> None:
        """The fields, with their words for the therapist, and "No, later" beside them."""
        self.therapist_answers.hide()
        self.therapist_intro.hide()
        self.therapist_note.hide()
        self.pin_box.show()
        self.pin_fields.new_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _pin_set(self, code: str) -> None:
        """Saved (and logged as set in the welcome): the code is shown this once."""
        saved = self.store.load_settings()
        self.settings = self.settings.model_copy(update={
            "therapist_pin": saved.therapist_pin,
            "therapist_recovery": saved.therapist_recovery})
        self.settings_changed.emit(self.settings)
        self.therapist_answers.hide()
        self.pin_box.hide()
        self.code_label.setText(code)
        self.code_box.show()
        self.noted_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _code_noted(self) -> None:
        self.code_label.setText("")
        self.go_to(THERAPIST_STEP + 1)

    def _plan_page(self) -> QWidget:
        page, self.plan_box = _page()
        return page

    def _fill_plan_page(self) -> None:
        clear_layout(self.plan_box)
        self.plan_box.addWidget(label("Your first plan", "title"))
        if self.profile is None:
            return
        overview = build_overview(self.profile, self.store.sessions(self.profile.id),
                                  self._today())
        plan = overview.plan
        words = plan_words(plan)
        self.plan_minutes = words.day  # the whole day, from Home's own plan
        self.plan_box.addWidget(label(
            f"Today: {self.plan_minutes}. Your therapist can change the programme; for now "
            f"it is “{overview.protocol.title}”."))
        frame, box = card()
        for step, minutes in zip(plan.steps, words.rows, strict=True):
            box.addWidget(label(f"{step.title} · {minutes}"))
        self.plan_box.addWidget(frame)
        self.plan_box.addWidget(label("When will you practise each day?", "subtitle"))
        self.cue_fields = CueFields(  # one time per session when the programme asks for more
            self.settings.cue, self.settings.reminder_at,
            times=time_fields(self.settings, overview.protocol.sessions_per_day))
        self.cue_fields.changed.connect(lambda cue, at: self._save(cue=cue, reminder_at=at))
        self.cue_fields.times_changed.connect(lambda times: self._save(session_times=times))
        self.plan_box.addWidget(self.cue_fields)
        self.plan_box.addWidget(label(
            "Start now, or go to Home and start when you are ready. Home always shows the "
            "plan and one Start button. The cue and reminder can be changed in Settings.",
            "muted"))
        self.plan_box.addStretch(1)

    def focus_target(self) -> QWidget:
        """The way on: the code field while the person is still to be added."""
        if self.step == 1 and self.profile is None:
            return self.form.code_edit
        return self.next_button

    # -- moving between steps ----------------------------------------------------
    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    def go_to(self, step: int) -> None:
        if self.step == 2 and step != 2:
            self.stop_camera()
        self.pages.setCurrentIndex(step)
        last = len(STEP_TITLES) - 1
        self.step_label.setText(f"Step {step + 1} of {len(STEP_TITLES)}: {STEP_TITLES[step]}")
        self.back_button.setVisible(step > 0)
        self.home_button.setVisible(step == last)
        self.later_button.setVisible(step != last)
        self.next_button.setText({0: "Let's begin", last: "Start now"}.get(step, "Next"))
        if step == 1:
            self._fill_person_page()
            self.next_button.setVisible(self.profile is not None)
            if self.profile is None:
                self.form.code_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.next_button.setVisible(True)
        if step == 2:
            self.start_camera()
        if step == THERAPIST_STEP:
            self._fill_therapist_page()
            # the question's two answers are the ways on while no PIN is set
            self.next_button.setVisible(self.pin_done.isVisible())
            if not self.next_button.isVisible():
                self.therapist_no.setFocus(Qt.FocusReason.OtherFocusReason)
        if step == last:
            self._fill_plan_page()
        if self.next_button.isVisible():
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def next(self) -> None:
        if self.step == len(STEP_TITLES) - 1:
            self.finish(start_now=True)
        elif self.step == 1 and self.profile is None:
            self.form.create()  # moves on through _person_created when it worked
        else:
            self.go_to(self.step + 1)

    def back(self) -> None:
        if self.step > 0:
            self.go_to(self.step - 1)

    def _person_created(self, profile: Profile) -> None:
        self.profile = profile
        self.go_to(2)

    def finish(self, start_now: bool) -> None:
        self.stop_camera()
        if self.step == len(STEP_TITLES) - 1:
            self.cue_fields.cue_edit.editingFinished.emit()  # a cue still being typed
        self._save(welcome_done=True)
        self.done.emit(self.profile, start_now)

    # -- camera --------------------------------------------------------------------
    def start_camera(self) -> None:
        self.stop_camera()
        camera = CameraSession.from_settings(self.camera_combo.currentData(),
                                             opener=self._open_camera)
        self.camera_problem = camera.problem
        if not camera.has_camera:
            self.camera_status.setText(self.camera_problem or NO_CAMERA_TEXT)
            self.video.attach(None)
            return
        self.camera = camera.start()
        self.video.attach(self.camera)
        self.camera_status.setText(
            "If you see yourself, the camera works. If the picture stays dark, check that no "
            "other program is using the camera, or choose another one above.")

    def stop_camera(self) -> None:
        self.video.detach()
        if self.camera is not None:
            camera, self.camera = self.camera, None
            camera.stop()

    def _camera_chosen(self) -> None:
        self._save(camera_index=self.camera_combo.currentData())
        if self.step == 2:
            self.start_camera()

    # -- settings ------------------------------------------------------------------
    def _size_toggled(self, button, checked: bool) -> None:
        if checked:
            size: TextSize = button.property("value")
            self._save(text_size=size)
            self.text_size_changed.emit(size)

    def _save(self, **changes: object) -> None:
        self.settings = self.settings.model_copy(update=changes)
        # A saving problem is named on Home; the change still applies for this run.
        with contextlib.suppress(StoreError):
            self.store.update_settings(**changes)
        self.settings_changed.emit(self.settings)

    def closeEvent(self, event) -> None:
        self.stop_camera()
        super().closeEvent(event)
