"""`gmi demo`: a scripted practice day for a demo patient, without a screen.

It walks the same path as the window: the `Day` decides that the check-in
comes first and which card it offers, then each stage of the protocol runs
in clinical order through its real session object (the same code a patient
uses), answered by a scripted, mostly right patient at human-like pace. So
the journals, check-in and report it writes are real.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from gmi.app.checkin import CheckInSession
from gmi.app.day import AskCheckIn, Day, StartStage
from gmi.app.imagery import (
    AskPainAfter,
    AskPainBefore,
    AskVividness,
    ImageryFinished,
    ImagerySession,
    Imagine,
    Rest,
)
from gmi.app.laterality import (
    Feedback,
    Finished,
    Fixation,
    LateralitySession,
    Picture,
    choose_stimuli,
)
from gmi.app.mirror import MirrorSession
from gmi.app.stage import StageContext
from gmi.app.tracking import TrackingSession
from gmi.model.presets import STANDARD_PRESET, presets
from gmi.model.protocol import STAGES_FOR, Protocol
from gmi.model.stages import STAGE_TITLES, BodyPart, Stage
from gmi.store import DataStore
from gmi.store.paths import DataRoot
from gmi.store.profiles import Profile
from gmi.store.protocols import apply_protocol

DEMO_CODE = "DEMO-1"
TICK_MS = 200  # how often the mirror's time is counted, as the screen does
Out = Callable[[str], None]


def demo_protocol(body_part: BodyPart = "hand") -> Protocol:
    """The body part's standard programme, shortened so the demo takes about a minute."""
    base = presets()[STANDARD_PRESET[body_part]]
    return base.model_copy(update={
        "id": "demo", "title": "Demo: a short day",
        "stages": list(STAGES_FOR[body_part]),
        "mirror": base.mirror.model_copy(update={"minutes": 0.1}),
        "laterality": base.laterality.model_copy(update={
            "trials": 12, "practice_trials": 2, "pause_between_s": 0.3}),
        "imagery": base.imagery.model_copy(update={
            "images": 2, "repetitions": 2, "hold_s": 4.0}),
    })


class Pace:
    """The scripted patient's clock. At speed 1 the pauses are real (a demo can be
    watched, or killed mid-stage by the crash tests); at speed 0 they pass on the
    sessions' clock only, so response times stay human-like either way."""

    def __init__(self, rng: random.Random, speed: float = 1.0) -> None:
        self.rng = rng
        self.speed = speed
        self._skipped_ns = 0

    def now(self) -> int:
        return time.perf_counter_ns() + self._skipped_ns

    def sleep_ms(self, ms: float) -> None:
        time.sleep(ms / 1000 * self.speed)
        self._skipped_ns += round(ms * 1e6 * (1 - self.speed))

    def wait_ms(self, low: int, high: int) -> int:
        ms = self.rng.randint(low, high)
        self.sleep_ms(ms)
        return ms


def run_laterality(context: StageContext, pace: Pace) -> None:
    stimuli, _note = choose_stimuli(context)
    session = LateralitySession(context, stimuli, seed=pace.rng.randrange(1000),
                                clock=pace.now)
    step = session.begin()
    while not isinstance(step, Finished):
        if isinstance(step, Fixation):
            pace.sleep_ms(step.wait_ms)
            session.wait_for_picture()
            picture = session.present()
            assert isinstance(picture, Picture), picture
            onset = pace.now()
            session.shown(onset)
            pace.wait_ms(350, 900)  # a quick, mostly right patient
            trial = session.run.current
            assert trial is not None
            wrong = pace.rng.random() < 0.15
            side = trial.side if not wrong else ("left" if trial.side == "right" else "right")
            step = session.answer(side, "key")
        elif isinstance(step, Feedback):
            pace.sleep_ms(step.wait_ms)
            step = session.after_feedback()
        assert step is not None
    session.close()


def run_imagery(context: StageContext, pace: Pace) -> None:
    session = ImagerySession(context, seed=pace.rng.randrange(1000), clock=pace.now)
    session.start()
    step = session.begin()  # the pain rating before only when the protocol asks
    if isinstance(step, AskPainBefore):
        step = session.pain_before(5)
    while not isinstance(step, AskPainAfter | ImageryFinished):
        if isinstance(step, Imagine):
            pace.wait_ms(600, 1400)
            step = session.imagined()
        elif isinstance(step, Rest):
            pace.sleep_ms(step.wait_ms)
            step = session.after_rest()
        elif isinstance(step, AskVividness):
            step = session.vividness(pace.rng.randint(3, 5))
        assert step is not None
    if isinstance(step, AskPainAfter):
        session.pain_after(4)
    session.close()


def run_mirror(context: StageContext, pace: Pace) -> None:
    """A synthetic camera (never a real one) until the protocol's minutes are done."""
    from gmi.app.camera import CameraSession
    from gmi.vision.camera import SyntheticSource

    session = MirrorSession(context, clock_ns=pace.now)
    camera = CameraSession(SyntheticSource(640, 480, 30), mirror=session.kernel).start()
    try:
        camera.wait_for_frames(1)
        if session.begin() == "pain_before":  # only when the protocol asks
            session.rate_pain_before(5)
        since_prompt = 0
        while session.practising:
            pace.sleep_ms(TICK_MS)
            since_prompt += TICK_MS
            if since_prompt >= 1500:
                session.next_prompt()
                since_prompt = 0
            if session.tick(camera.state).time_up:
                break
        if session.asks_pain:
            session.rate_pain_after(4)
        else:
            session.stop()
            session.finish()
    finally:
        camera.stop()
        session.close()


def run_tracking(context: StageContext, pace: Pace, reps: int = 3,
                 timeout_s: float = 90.0) -> None:
    """A drawn hand opening and closing, or the drawn figure doing the body part's
    first exercise (never a camera picture), looped through the real tracker
    (Hands or Pose) until the first exercise counted `reps`, then Next to the end."""
    import tempfile

    from gmi.app.camera import CameraSession, TrackingOptions
    from gmi.stimuli.animate import open_close_frames, write_video
    from gmi.stimuli.animate_body import MOTIONS, body_frames
    from gmi.vision.camera import VideoFileSource
    from gmi.vision.mirror import MirrorKernel

    session = TrackingSession(context)
    first = session.exercise
    body = session.follows_body
    with tempfile.TemporaryDirectory() as tmp:
        if body and first is not None and first.kind in MOTIONS:
            frames = (f for f, _ in body_frames(first.kind, reps, fps=15.0))
        else:
            frames = open_close_frames(reps, fps=15)
        video = write_video(Path(tmp) / "moving.mp4", frames, fps=15)
        # Looped: on a busy machine the tracker keeps only the newest frame and may
        # miss a repetition in one pass; the demo waits for `reps`.
        options = TrackingOptions.from_settings(context.settings,
                                                target="body" if body else "hand")
        camera = CameraSession(VideoFileSource(video, loop=True), mirror=MirrorKernel("flip"),
                               tracking=options).start()
        try:
            session.start()
            deadline = time.monotonic() + timeout_s
            exercise = session.exercise
            while (exercise is not None and exercise.reps < reps
                   and time.monotonic() < deadline and camera.state != "lost"):
                session.feed(camera.latest_tracking())
                time.sleep(0.01)
            while not session.finished:
                session.next_step()
        finally:
            camera.stop()
            session.close()


StageRunner = Callable[[StageContext, Pace], None]
RUNNERS: dict[Stage, StageRunner] = {"laterality": run_laterality, "imagery": run_imagery,
                                     "mirror": run_mirror, "tracking": run_tracking}


def answer_checkin(step: AskCheckIn, rng: random.Random) -> None:
    """The day's check-in, answered as a person would, with the card read."""
    checkin = CheckInSession(step.checkins, step.card)
    checkin.answer("pain_now", rng.randint(3, 6))
    checkin.answer("sleep", rng.choice(("fair", "good")))
    checkin.answer("waking", "same")
    checkin.answer("woken_by_pain", False)
    if step.card is not None:
        checkin.card_shown()
        checkin.card_answered(True)


def demo_code(body_part: BodyPart = "hand") -> str:
    """One demo person per body part: 'DEMO-1' for the hand, 'DEMO-NECK', ..."""
    return DEMO_CODE if body_part == "hand" else f"DEMO-{body_part.upper()}"


def demo_profile(store: DataStore, body_part: BodyPart = "hand") -> Profile:
    code = demo_code(body_part)
    existing = [p for p in store.profiles.list()[0] if p.code == code]
    return existing[0] if existing else store.profiles.create(
        code, body_part, "right", name="Demo patient")


def run_day(store: DataStore, out: Out = print, seed: int = 1, speed: float = 1.0,
            runners: dict[Stage, StageRunner] | None = None,
            body_part: BodyPart = "hand") -> list[Stage]:
    """One demo day through the `Day`: check-in, card, each stage; returns the stages run."""
    runners = RUNNERS if runners is None else runners
    protocol = demo_protocol(body_part)
    profile = apply_protocol(store.layout, store.profiles, demo_profile(store, body_part),
                             protocol,
                             unlocked=list(protocol.stages))
    store.update_settings(active_profile_id=profile.id, chime=False, camera_index=None)
    day = Day(store, available=runners.keys())
    day.choose(profile)
    rng = random.Random(seed)
    pace = Pace(rng, speed)
    out(f"GMI Trainer demo: a scripted practice day for '{profile.display_name}' "
        f"({body_part})")
    ran: list[Stage] = []
    for stage in day.refresh().protocol.stages_in_order:
        step = day.begin(stage)
        if isinstance(step, AskCheckIn):
            answer_checkin(step, rng)
            out("  Daily check-in: answered" + (", card read" if step.card else ""))
            step = day.start(stage)
        if not isinstance(step, StartStage):
            out(f"  {STAGE_TITLES[stage]}: {day.stage_problem(stage)}")
            continue
        runners[stage](step.context, pace)
        ran.append(stage)
        latest = step.context.sessions.latest_by_stage().get(stage)
        headline = latest.end.headline if latest and latest.end else "no result"
        out(f"  {STAGE_TITLES[stage]}: {headline}")
    return ran


def run_demo(data_dir: Path, out: Out = print, seed: int = 1,
             body_part: BodyPart = "hand") -> int:
    store = DataStore(DataRoot(data_dir, "command line"))
    if store.write_problem is not None:
        out(f"The demo cannot save anything: {store.write_problem.message}")
        return 1
    run_day(store, out, seed, body_part=body_part)
    profile = demo_profile(store, body_part)
    from gmi.app.history import HistoryQuery  # the Therapist area's report, check-ins and all
    from gmi.report.export import ExportRange

    report = data_dir / "demo-report.pdf"
    saved = HistoryQuery(store).report(profile, report, ExportRange(), pseudonymise=False)
    out(f"Report ({saved.pages} pages): {report}")
    out(f"Session journals: {store.layout.sessions_dir(profile.id)}")
    out(f"Open the app on this data with: gmi --data-dir {data_dir}")
    return 0
