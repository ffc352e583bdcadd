"""Screenshots of every screen in a real window, for looking at under Xvfb.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py OUT [SECTION]

SECTION (optional): walk, first-run, intro, body-parts, cards, daily, bundles, clinic or
therapist, to take only those. `walk` is the walk of tests/test_ui_fit.py (every screen,
normal and largest text) in a window sized as on this screen, with what the fit check
found. `body-parts`: stage 1 of a neck, back, shoulder and knee.
Builds a throwaway data folder with a little history, then shows each screen
at normal and largest text size and grabs the real X screen.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QScrollArea

from gmi.store import DataStore
from gmi.store.paths import DataRoot
from gmi.store.settings import AppSettings
from gmi.ui.app import make_application
from gmi.ui.main_window import MainWindow
from gmi.ui.theme import apply_theme


def settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()


def open_window(app: QApplication, store: DataStore, size: str = "normal") -> MainWindow:
    """A fresh main window over `store`, at a known place, size and text size."""
    window = MainWindow(DataStore(store.root), daily_checkin=False)
    apply_theme(app, size)
    window.move(0, 0)  # in the size the app opens at on this screen (1200x860 was taller)
    window.show()
    return window


def grab(app: QApplication, window: MainWindow, path: Path) -> None:
    settle(app)
    window.screen().grabWindow(0).save(str(path))
    print(path)


def place(dialog, window: MainWindow) -> None:
    """Put a dialog inside the window, centred top to bottom as it opens (it refits to
    each message, so this comes just before each grab)."""
    dialog.move(200, max(0, (window.height() - dialog.height()) // 2))
    run_for(QApplication.instance(), 0.3)  # the X server repaints


def wait_for(app: QApplication, condition, timeout: float = 10.0) -> None:
    import time

    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def run_for(app: QApplication, seconds: float) -> None:
    """Let the app run (timers, camera frames, repaints) for `seconds`."""
    wait_for(app, lambda: False, timeout=seconds)


def first_run_shots(app: QApplication, out: Path) -> None:
    """Each step of the welcome on a new data folder (camera: GMI_CAMERA or none)."""
    for size in ("normal", "largest"):
        empty = DataStore(DataRoot(Path(tempfile.mkdtemp()), "command line"))
        window = open_window(app, empty, size)
        screen = window.first_run_screen
        grab(app, window, out / f"first-run-1-welcome-{size}.png")
        screen.next_button.click()
        grab(app, window, out / f"first-run-2-person-{size}.png")
        screen.form.part_group.button(0).click()
        screen.form.side_group.button(1).click()
        screen.form.create_button.click()
        wait_for(app, lambda s=screen: s.video.painted_frames >= 5, timeout=3)
        grab(app, window, out / f"first-run-3-camera-{size}.png")
        screen.next_button.click()
        grab(app, window, out / f"first-run-4-text-{size}.png")
        screen.next_button.click()
        grab(app, window, out / f"first-run-5-therapist-{size}.png")
        screen.therapist_yes.click()
        screen.pin_fields.new_edit.setText("2468")
        screen.pin_fields.repeat_edit.setText("2486")
        screen.pin_fields.set_button.click()
        grab(app, window, out / f"first-run-5-pin-mismatch-{size}.png")
        screen.pin_fields.repeat_edit.setText("2468")
        screen.pin_fields.set_button.click()
        grab(app, window, out / f"first-run-5-recovery-code-{size}.png")
        screen.noted_button.click()
        grab(app, window, out / f"first-run-6-plan-{size}.png")
        screen.home_button.click()
        grab(app, window, out / f"first-run-7-home-{size}.png")
        window.close()


def cards_shots(app: QApplication, out: Path) -> None:
    """A pain-education card over Home, at normal and largest text size."""
    for size in ("normal", "largest"):
        store = DataStore(DataRoot(Path(tempfile.mkdtemp()), "command line"))
        store.profiles.create("P-1", "hand", "left")
        window = open_window(app, store, size)
        window.home_screen.cards_button.click()
        dialog = window.home_screen.cards_dialog
        dialog.show_card(2)
        dialog.move(260, 160)
        grab(app, window, out / f"card-{size}.png")
        dialog.close()
        window.close()


def daily_shots(app: QApplication, out: Path) -> None:
    """The patient's day at normal and largest text: a break, the reminder, the flare
    offer, the check-in, the card before practice, the acknowledgement, Settings."""
    from datetime import date, datetime, time, timedelta

    from gmi.bench.data import simple_trials, write_journal
    from gmi.model.protocol import parse_protocol
    from gmi.store.protocols import save_custom

    for size in ("normal", "largest"):
        store = DataStore(DataRoot(Path(tempfile.mkdtemp()), "command line"))
        profile = store.profiles.create("P-4821", "hand", "right", name="Anna")
        text = "\n".join(line for line in (
            'schema_version = 1', 'id = "shots"', 'title = "Hand: short programme"',
            'body_part = "hand"', 'stages = ["laterality", "imagery"]', '[laterality]',
            'trials = 40', 'practice_trials = 4', 'pause_between_s = 0.2'))
        save_custom(store.layout, profile, parse_protocol(text))
        store.profiles.save(profile.model_copy(update={"protocol": "custom"}))
        folder = store.layout.sessions_dir(profile.id)
        folder.mkdir(parents=True, exist_ok=True)
        for n in (4, 5, 6, 8, 9, 10, 11, 13):
            day = date.today() - timedelta(days=n)
            write_journal(folder, profile.id, "laterality",
                          datetime(day.year, day.month, day.day, 9).astimezone(),
                          simple_trials(20), headline="17 of 20 correct")
        store.save_settings(AppSettings(active_profile_id=profile.id, cue="after morning coffee",
                                        reminder_at=time(0, 1), text_size=size))
        window = MainWindow(DataStore(store.root), tray=False)
        apply_theme(app, size)
        window.move(0, 0)
        window.show()
        grab(app, window, out / f"daily-home-break-{size}.png")
        home = window.home_screen
        home.flare_button.click()
        area = home.findChildren(QScrollArea)[0]
        area.ensureWidgetVisible(home.flare_panel)
        grab(app, window, out / f"daily-flare-{size}.png")
        home.start_button.click()
        checkin = window.checkin_screen
        grab(app, window, out / f"daily-checkin-{size}.png")
        checkin.answer("pain_now", 4)
        checkin.answer("sleep", "fair")
        grab(app, window, out / f"daily-checkin-waking-{size}.png")
        checkin.answer("waking", "lower")
        checkin.answer("woken_by_pain", False)
        grab(app, window, out / f"daily-card-{size}.png")
        checkin.card_page.read_button.click()
        screen = window.stage_screen
        screen.start_button.click()
        while not screen.run.done:
            wait_for(app, lambda s=screen: s.onset_ns is not None)
            screen.answer(screen.run.current.side, "key")
        wait_for(app, lambda s=screen: s.pages.currentWidget() is s.summary_page)
        grab(app, window, out / f"daily-acknowledgement-{size}.png")
        screen.home_button.click()
        grab(app, window, out / f"daily-home-after-{size}.png")
        home = window.home_screen
        window.resize(window.screen().availableGeometry().size())  # as on this screen
        settle(app)
        home.findChildren(QScrollArea)[0].ensureWidgetVisible(home.calendar)
        grab(app, window, out / f"daily-home-calendar-{size}.png")
        window.show_settings()
        settings_area = window.settings_screen.findChildren(QScrollArea)[0]
        settings_area.ensureWidgetVisible(window.settings_screen.calendar_button)
        grab(app, window, out / f"daily-settings-reminder-{size}.png")
        window.close()


def bundle_shots(app: QApplication, out: Path) -> None:
    """Sending practice, importing it at the clinic, and a programme file coming back."""
    from datetime import datetime, timedelta

    from gmi.bench.data import simple_trials, write_journal
    from gmi.model.presets import presets
    from gmi.model.protocol import protocol_to_toml
    from gmi.store.pin import hash_pin
    from gmi.ui.bundle_dialogs import ImportBundleDialog
    from gmi.ui.programme_file import ProgrammeFileDialog

    for size in ("normal", "largest"):
        tmp = Path(tempfile.mkdtemp())
        store = DataStore(DataRoot(tmp / "home", "command line"))
        profile = store.profiles.create("P-4821", "hand", "right", name="Anna")
        folder = store.layout.sessions_dir(profile.id)
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(5):
            write_journal(folder, profile.id, "laterality",
                          datetime.now().astimezone() - timedelta(days=n), simple_trials(1))
        store.save_settings(AppSettings(active_profile_id=profile.id, text_size=size,
                                        therapist_pin=hash_pin("2468")))
        window = open_window(app, store, size)
        window.show_settings()
        window.settings_screen.send_practice()
        dialog = window.settings_screen.send_dialog
        place(dialog, window)
        grab(app, window, out / f"bundle-export-empty-{size}.png")
        dialog.passphrase.setText("blue kettle 42")
        dialog.again.setText("blue kettle 4")
        dialog.save(str(tmp / "anna.gmibundle"))  # refused: the two are not the same
        place(dialog, window)
        grab(app, window, out / f"bundle-export-mismatch-{size}.png")
        dialog.again.setText("blue kettle 42")
        dialog.save(str(tmp / "anna.gmibundle"))
        wait_for(app, lambda d=dialog: d.summary is not None)
        place(dialog, window)
        grab(app, window, out / f"bundle-export-{size}.png")
        dialog.close()
        clinic = DataStore(DataRoot(tmp / "clinic", "command line"))
        importer = ImportBundleDialog(clinic, tmp / "anna.gmibundle", window)
        importer.show()
        importer.passphrase.setText("blue kettle 41")
        importer.start()  # the wrong passphrase: said, and nothing changes
        wait_for(app, lambda d=importer: not d.jobs.busy)
        place(importer, window)
        grab(app, window, out / f"bundle-import-wrong-{size}.png")
        importer.passphrase.setText("blue kettle 42")
        importer.start()
        wait_for(app, lambda d=importer: d.result_ is not None)
        place(importer, window)
        grab(app, window, out / f"bundle-import-{size}.png")
        importer.close()
        standard = presets()["hand-standard"]
        new = standard.model_copy(update={
            "title": "Anna, week 3", "sessions_per_day": 1,
            "laterality": standard.laterality.model_copy(update={"trials": 60})})
        path = tmp / "anna-week-3.toml"
        path.write_text(protocol_to_toml(new), encoding="utf-8")
        programme = ProgrammeFileDialog(store, profile, path, window)
        programme.show()
        programme.move(200, 120)
        grab(app, window, out / f"programme-file-{size}.png")
        programme.close()
        window.close()


def clinic_shots(app: QApplication, out: Path) -> None:
    """The overview of all patients on generated data (30 patients, 60 days each)."""
    from gmi.bench.data import generate_clinic
    from gmi.store.pin import hash_pin

    for size in ("normal", "largest"):
        root = Path(tempfile.mkdtemp())
        generate_clinic(root, patients=30, days=60)
        store = DataStore(DataRoot(root, "command line"))
        store.save_settings(AppSettings(text_size=size, therapist_pin=hash_pin("2468"),
                                        welcome_done=True))
        window = open_window(app, store, size)
        window.show_therapist()
        screen = window.therapist_screen
        screen.pin_edit.setText("2468")
        screen.unlock()
        wait_for(app, lambda s=screen: s.clinic.table.rowCount() > 0, timeout=30)
        grab(app, window, out / f"clinic-overview-{size}.png")
        screen.clinic.search.setText("P-101")
        grab(app, window, out / f"clinic-search-{size}.png")
        window.close()


def laterality_shots(app: QApplication, out: Path, store: DataStore) -> None:
    """Intro, a picture, practice feedback, pause and the summary of stage 1."""
    window = open_window(app, store)
    window.practice.start("laterality")
    screen = window.stage_screen
    grab(app, window, out / "laterality-intro.png")
    screen.start_button.click()
    wait_for(app, lambda: screen.onset_ns is not None)
    grab(app, window, out / "laterality-picture.png")
    trial = screen.run.current
    screen.answer("left" if trial.side == "right" else "right", "key")
    grab(app, window, out / "laterality-feedback.png")
    screen.pause()
    grab(app, window, out / "laterality-paused.png")
    screen.resume()
    n = 0
    while not screen.run.done:
        wait_for(app, lambda: screen.onset_ns is not None)
        trial = screen.run.current
        wrong = n % 7 == 3
        screen.answer(trial.side if not wrong else ("left" if trial.side == "right" else "right"),
                      "key")
        n += 1
    wait_for(app, lambda: screen.pages.currentWidget() is screen.summary_page)
    grab(app, window, out / "laterality-summary.png")
    screen.home_button.click()
    grab(app, window, out / "home-after-laterality.png")
    window.close()


def imagery_shots(app: QApplication, out: Path, store: DataStore) -> None:
    """Pain rating, a picture to imagine, vividness, stopping and the summary."""
    from PySide6.QtCore import Qt

    window = open_window(app, store)
    window.practice.start("imagery")
    screen = window.stage_screen
    screen.pain_before.choose(5)
    grab(app, window, out / "imagery-pain-before.png")
    screen.pain_before.save_button.click()
    wait_for(app, lambda: screen.rep_started_ns is not None)

    run_for(app, 1.2)
    grab(app, window, out / "imagery-step.png")
    while screen.pages.currentWidget() is not screen.vividness:
        wait_for(app, lambda: screen.rep_started_ns is not None and not screen.resting)
        screen.imagined()
    screen.vividness.choose(4)
    grab(app, window, out / "imagery-vividness.png")
    screen.vividness.save_button.click()
    screen.stop_for_pain()
    grab(app, window, out / "imagery-stopped.png")
    screen.rate_after_button.click()
    screen.pain_after.choose(3)
    screen.pain_after.save_button.click()
    grab(app, window, out / "imagery-summary.png")
    del Qt
    window.close()


def mirror_shots(app: QApplication, out: Path, store: DataStore) -> None:
    """The mirror box on a real hand video (../shared) or the synthetic camera."""
    import os

    video = Path(__file__).resolve().parents[2] / "shared" / "videos" / \
        "free_gestures_desk_temuge_cam0.mp4"
    os.environ["GMI_CAMERA"] = f"file:{video}" if video.is_file() else "synthetic:1280x720@30"
    window = open_window(app, store)
    window.practice.start("mirror")
    screen = window.stage_screen
    screen.pain_before.choose(4)
    screen.pain_before.save_button.click()
    run_for(app, 8.3)  # the open hand, about 8 s into the video
    grab(app, window, out / "mirror-split.png")
    screen.flip_button.click()
    run_for(app, 0.5)
    grab(app, window, out / "mirror-flip.png")
    screen.stop()
    screen.pain_after.choose(3)
    screen.pain_after.save_button.click()
    grab(app, window, out / "mirror-summary.png")
    window.close()
    del os.environ["GMI_CAMERA"]


def tracking_shots(app: QApplication, out: Path, store: DataStore) -> None:
    """Stage 4 following a drawn hand that opens and closes."""
    import os

    from gmi.stimuli.animate import open_close_frames, write_video

    video = write_video(out / "tracking-input.mp4",
                        open_close_frames(6, fps=15, size=(640, 480)), fps=15)
    os.environ["GMI_CAMERA"] = f"file:{video}"
    window = open_window(app, store)
    window.practice.start("tracking")
    screen = window.stage_screen
    exercise = screen.session.exercise
    wait_for(app, lambda: exercise is not None and exercise.reps >= 2, timeout=40)
    run_for(app, 0.7)
    grab(app, window, out / "tracking-exercise.png")
    while screen.session.round_index < 0:
        screen.next_button.click()
    run_for(app, 2.0)
    grab(app, window, out / "tracking-posture.png")
    screen.finish()
    grab(app, window, out / "tracking-summary.png")
    window.close()
    del os.environ["GMI_CAMERA"]
    video.unlink()


def body_tracking_shots(app: QApplication, out: Path) -> None:
    """Stage 4 for a foot programme: MediaPipe Pose following the drawn figure's
    ankle (a video the renderer writes with known movements)."""
    import os

    from gmi.stimuli.animate import write_video
    from gmi.stimuli.animate_body import body_frames

    with tempfile.TemporaryDirectory() as tmp:
        store = DataStore(DataRoot(Path(tmp), "command line"))
        profile = store.profiles.create("F-2210", "foot", "right", name="Ben")  # the moving foot
        store.save_settings(AppSettings(active_profile_id=profile.id))
        video = write_video(Path(tmp) / "ankle.mp4",
                            (frame for frame, _ in body_frames("ankle_flex", 6)), fps=15)
        os.environ["GMI_CAMERA"] = f"file:{video}"
        try:
            window = open_window(app, store)
            window.practice.start("tracking")
            screen = window.stage_screen
            wait_for(app, lambda: screen.session.exercise is not None
                     and screen.session.exercise.reps >= 2, timeout=60)
            run_for(app, 0.7)
            grab(app, window, out / "tracking-body-exercise.png")
            screen.finish()
            grab(app, window, out / "tracking-body-summary.png")
            window.close()
        finally:
            del os.environ["GMI_CAMERA"]


def therapist_shots(app: QApplication, out: Path, store: DataStore) -> None:
    """The lock, the programme editor, history and reports."""
    window = open_window(app, store)
    window.show_therapist()
    screen = window.therapist_screen
    grab(app, window, out / "therapist-lock.png")
    if store.load_settings().therapist_pin:
        screen.pin_edit.setText("2468")
        screen.unlock()
    else:
        lock = screen.pin_lock
        lock.confirm_therapist()
        lock.new_edit.setText("2468")
        lock.repeat_edit.setText("2468")
        lock.set_first()
        lock.noted_button.click()
    grab(app, window, out / "therapist-programme.png")
    screen.area.setCurrentIndex(1)
    grab(app, window, out / "therapist-history.png")
    screen.area.setCurrentIndex(2)
    grab(app, window, out / "therapist-reports.png")
    window.close()


def therapist_area_shots(app: QApplication, out: Path) -> None:
    """The therapist's side at 1366 x 768, normal and largest text: the first-time
    lock ("I am the therapist", PIN twice, recovery code), the PIN change page, and
    each tab over three weeks of generated practice."""
    from gmi.bench.data import four_stage_year

    for size in ("normal", "largest"):
        store = four_stage_year(Path(tempfile.mkdtemp()), days=21)
        profile = store.profiles.list()[0][0]
        store.save_settings(AppSettings(active_profile_id=profile.id, text_size=size))
        window = open_window(app, store, size)
        window.resize(1366, 768)
        window.show_therapist()
        screen = window.therapist_screen
        lock = screen.pin_lock
        grab(app, window, out / f"th-{size}-1-first.png")
        lock.confirm_therapist()
        lock.new_edit.setText("2468")
        lock.repeat_edit.setText("2486")
        lock.set_first()
        grab(app, window, out / f"th-{size}-2-twice.png")
        lock.repeat_edit.setText("2468")
        lock.set_first()
        grab(app, window, out / f"th-{size}-3-code.png")
        lock.noted_button.click()
        for index, name in ((0, "programme"), (1, "history"), (2, "reports"), (3, "all")):
            screen.area.setCurrentIndex(index)
            if name == "history":
                wait_for(app, lambda s=screen: s.history_picture is not None)
            grab(app, window, out / f"th-{size}-4-{name}.png")
        screen.lock()
        grab(app, window, out / f"th-{size}-5-enter.png")
        lock.show_change(False)
        lock.old_edit.setText("1111")
        lock.apply_change()
        grab(app, window, out / f"th-{size}-6-change.png")


def laterality_window(app: QApplication, body: str, size: str,
                      pause_s: float | None = None) -> MainWindow:
    """A new data folder with one person practising `body` on their standard
    programme (`pause_s`: a shorter pause between pictures), text at `size`, in
    the window the app opens on this screen, with stage 1's intro and its
    example picture on screen."""
    from gmi.model.presets import STANDARD_PRESET, presets
    from gmi.store.protocols import save_custom

    store = DataStore(DataRoot(Path(tempfile.mkdtemp()), "command line"))
    profile = store.profiles.create("P-1", body, "right")
    standard = presets()[STANDARD_PRESET[body]]
    if pause_s is None:
        store.profiles.save(profile.model_copy(update={"protocol": standard.id}))
    else:
        quick = standard.model_copy(update={"laterality": standard.laterality.model_copy(
            update={"pause_between_s": pause_s})})
        save_custom(store.layout, profile, quick)
        store.profiles.save(profile.model_copy(update={"protocol": "custom"}))
    store.save_settings(AppSettings(active_profile_id=profile.id, text_size=size,
                                    welcome_done=True))
    apply_theme(app, size)
    window = MainWindow(store, tray=False, daily_checkin=False)
    window.move(0, 0)
    window.show()
    window.practice.start("laterality")
    screen = window.stage_screen
    wait_for(app, lambda: not screen.example_picture.pixmap().isNull())
    return window


def intro_shots(app: QApplication, out: Path) -> None:
    """Stage 1's intro, with its example picture, for every body part at both sizes."""
    for size in ("normal", "largest"):
        for body in ("hand", "foot", "neck", "back", "shoulder", "knee"):
            window = laterality_window(app, body, size)
            grab(app, window, out / f"intro-{body}-{size}.png")
            window.stage_screen.shutdown()  # twelve windows drawing 48 pictures each
            window.close()  # is not a real day
            window.deleteLater()
            settle(app)


def body_part_shots(app: QApplication, out: Path) -> None:
    """Stage 1 for a neck, back, shoulder and knee at both sizes: the intro, a practice
    hint, a picture mid-session and the summary with the body part's norm. Their
    standard programme with a short pause, so the 48 pictures pass quickly."""
    for size in ("normal", "largest"):
        for body in ("neck", "back", "shoulder", "knee"):
            window = laterality_window(app, body, size, pause_s=0.2)
            screen = window.stage_screen
            grab(app, window, out / f"part-{body}-{size}-1-intro.png")
            screen.start_button.click()
            n = 0
            while not screen.run.done:
                wait_for(app, lambda s=screen: s.onset_ns is not None)
                trial = screen.run.current
                if n == 20:
                    grab(app, window, out / f"part-{body}-{size}-3-picture.png")
                wrong = n in (1, 13, 30)
                rt_ms = 1200 + (n * 137) % 900  # a person's pace, so the summary reads true
                screen.answer(trial.side if not wrong else
                              ("left" if trial.side == "right" else "right"), "key",
                              screen.onset_ns + rt_ms * 1_000_000)
                if n == 1:  # a practice picture answered the other way: the hint
                    grab(app, window, out / f"part-{body}-{size}-2-hint.png")
                n += 1
            wait_for(app, lambda s=screen: s.pages.currentWidget() is s.summary_page)
            grab(app, window, out / f"part-{body}-{size}-4-summary.png")
            window.close()
            window.deleteLater()
            settle(app)


def walk_shots(app: QApplication, out: Path) -> None:
    """Every screen of tests/screen_walk.py at normal and largest text, in the window
    the app opens on this screen; the fit check's findings are printed beside each."""
    import os

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from screen_walk import prepare_day, walk_day, walk_welcome

    from gmi.ui.layout_check import layout_problems

    os.environ.setdefault("GMI_CAMERA", "synthetic:640x480@30")

    def until(condition) -> None:
        wait_for(app, condition)

    def stopper(window: MainWindow, size: str):
        def stop(name: str, widget) -> None:
            run_for(app, 0.3)
            grab(app, window, out / f"walk-{name}-{size}.png")
            for problem in layout_problems(widget or window):
                print("   ", problem)
        return stop

    for size in ("normal", "largest"):
        new = DataStore(DataRoot(Path(tempfile.mkdtemp()), "command line"))
        new.save_settings(AppSettings(text_size=size))
        apply_theme(app, size)
        window = MainWindow(new, tray=False, welcome=True)
        window.move(0, 0)
        window.show()
        walk_welcome(window, stopper(window, size), until)
        window.close()
        store = DataStore(DataRoot(Path(tempfile.mkdtemp()), "command line"))
        prepare_day(store, size)
        window = MainWindow(store, tray=False)
        window.move(0, 0)
        window.show()
        walk_day(window, stopper(window, size), until)
        window.close()


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    if "walk" in sys.argv[2:]:
        walk_shots(app, out)
        return 0
    if "first-run" in sys.argv[2:]:  # one section only, for a quick look
        first_run_shots(app, out)
        return 0
    if "cards" in sys.argv[2:]:
        cards_shots(app, out)
        return 0
    if "daily" in sys.argv[2:]:
        daily_shots(app, out)
        return 0
    if "bundles" in sys.argv[2:]:
        bundle_shots(app, out)
        return 0
    if "clinic" in sys.argv[2:]:
        clinic_shots(app, out)
        return 0
    if "intro" in sys.argv[2:]:
        intro_shots(app, out)
        return 0
    if "body-parts" in sys.argv[2:]:
        body_part_shots(app, out)
        return 0
    if "therapist" in sys.argv[2:]:
        therapist_area_shots(app, out)
        return 0
    if "body-tracking" in sys.argv[2:]:
        body_tracking_shots(app, out)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        store = DataStore(DataRoot(Path(tmp), "command line"))
        profile = store.profiles.create("P-4821", "hand", "right", name="Anna")
        sessions = store.sessions(profile.id)
        w = sessions.start("laterality", {})
        for n in range(12):
            w.append("trial", {"n": n})
        w.finish("completed", "34 of 40 correct; right hand a little slower")
        interrupted = sessions.start("laterality", {})
        for n in range(7):
            interrupted.append("trial", {"n": n})
        interrupted.close()
        store.save_settings(AppSettings(active_profile_id=profile.id))
        for size in ("normal", "largest"):
            window = open_window(app, store, size)
            grab(app, window, out / f"home-{size}.png")
            window.show_settings()
            grab(app, window, out / f"settings-{size}.png")
            area = window.settings_screen.findChildren(QScrollArea)[0]
            area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
            grab(app, window, out / f"settings-{size}-bottom.png")
            window.show_profiles()
            grab(app, window, out / f"profiles-{size}.png")
            window.close()
        laterality_shots(app, out, store)
        imagery_shots(app, out, store)
        mirror_shots(app, out, store)
        tracking_shots(app, out, store)
        therapist_shots(app, out, store)
        first_run_shots(app, out)
        cards_shots(app, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
