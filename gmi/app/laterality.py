"""Stage 1 as a session: left or right? Fixation, picture, answer, next.

The session owns the rules and the timing state machine; the screen shows
what each step returns and passes key presses on. Each step returns the next
thing to show (:class:`Fixation`, :class:`Picture`, :class:`Feedback`,
:class:`Finished`) with how long to wait, so the screen only runs timers.

Timing (DESIGN.md section 4): the response time is the answer's timestamp
minus the picture's *painted* onset, both taken by the screen on one clock
(`time.perf_counter_ns`) and passed in. Every trial is journaled (and
fsync'd) before the next picture appears, so closing the window mid-session
keeps everything answered so far. Pictures are drawn ahead on a worker so a
trial never waits for a render.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from gmi.app.jobs import Job, JobRunner
from gmi.app.own_photos import OwnPhotos
from gmi.app.stage import StageContext, StageJournal
from gmi.model.laterality import (
    LateralityRun,
    PlannedTrial,
    Response,
    TrialRecord,
    make_schedule,
    records_from_events,
)
from gmi.model.norms import norm_for
from gmi.model.records import LateralitySummary, LateralityTrial, PauseMark, ResumeMark
from gmi.model.scoring import LateralityScore, headline, patient_summary, score, score_summary
from gmi.stimuli.sets import (
    MixedSet,
    Rendered,
    Stimulus,
    StimulusSet,
    StimulusSetError,
    missing_pictures,
    rendered_for,
)

FEEDBACK_MS = 1100
IMAGE_SIZE = 512
RETRY_MS = 10  # a picture still being drawn is looked for again this soon

Outcome = Literal["completed", "stopped"]


@dataclass(frozen=True)
class Fixation:
    """Show the fixation cross for `wait_ms`, then call `present()`."""

    wait_ms: int
    progress: str


@dataclass(frozen=True)
class Picture:
    """Show `image`; once painted, call `shown(onset_ns)`."""

    image: np.ndarray


@dataclass(frozen=True)
class NotReady:
    """The picture is still being drawn: call `present()` again after `retry_ms`."""

    retry_ms: int = RETRY_MS


@dataclass(frozen=True)
class Feedback:
    """Show `text` for `wait_ms`, then call `after_feedback()`."""

    text: str
    wait_ms: int


@dataclass(frozen=True)
class Finished:
    """The session has ended; what the summary page shows."""

    outcome: Outcome
    score: LateralityScore
    title: str
    lines: list[str]
    acknowledgement: str
    problem: str

    @property
    def empty(self) -> bool:
        return self.score.overall.n == 0


class NoPictures(StimulusSetError):
    """Neither drawn pictures nor photos can be shown; the message is for the patient
    (what happened, the file, what still works, whom to tell)."""


def _broken_file_words() -> str:
    from gmi.stimuli.body import asset_path

    return f"a file the app needs ({asset_path()}) is missing or damaged"


def pictures_problem(body_part: str) -> str:
    """'' if `body_part`'s drawn pictures can be made on this computer, else why,
    in words, naming the file (asked when a profile is made)."""
    return f"Pictures of the {body_part} cannot be drawn on this computer: " \
        f"{_broken_file_words()}." if missing_pictures(body_part) else ""


def choose_stimuli(context: StageContext) -> tuple[StimulusSet, str]:
    """The protocol's choice of pictures, and a note if it had to fall back.

    Drawn pictures whose mesh is missing or damaged fall back to the person's
    own photos; with no photos either, NoPictures says so in words (a stage
    that cannot start is shown as a message, never a crash)."""
    wanted = context.protocol.laterality.stimuli
    folder = context.sessions.layout.own_photos_dir(context.profile.id)
    try:
        drawn = rendered_for(context.profile.body_part)
    except StimulusSetError as exc:  # the drawn pictures' mesh is missing or damaged
        own = OwnPhotos(folder).stimulus_set()
        if own is None:
            raise NoPictures(
                f"The pictures for this exercise cannot be drawn on this computer: "
                f"{_broken_file_words()}. Your other exercises still work. Please tell "
                "your therapist or whoever set up the app: installing it again mends "
                "this.") from exc
        return own, (f"The drawn pictures cannot be made on this computer "
                     f"({_broken_file_words()}), so your own photos are used today. "
                     "Please tell your therapist.")
    if wanted == "rendered":
        return drawn, ""
    own = OwnPhotos(folder).stimulus_set()
    if own is None:
        return drawn, (f"Your therapist suggested photos of your own "
                       f"{context.profile.body_part}; there are none yet, so drawn pictures "
                       "are used. You can take some in Settings.")
    return (own, "") if wanted == "own" else (MixedSet([drawn, own]), "")


# The intro page's one example: a posture whose side is plain at a glance, upright.
EXAMPLE_POSTURE = {"hand": "open", "foot": "neutral", "neck": "turn_50", "back": "turn_45",
                   "shoulder": "sideways_90", "knee": "lifted"}
EXAMPLE_VIEW = {"hand": "back", "foot": "top"}  # the figure parts: from the front


@dataclass(frozen=True)
class Example:
    """The intro page's example picture (drawn by whoever shows it) and its answer."""

    stimulus: Stimulus
    caption: str


def example_for(body_part: str, stimuli: StimulusSet) -> Example:
    """One upright picture of the set with its answer in words: a right limb, or a
    person moving to their left (the sides the task words explain first)."""
    from gmi.model.task_words import example_caption, task_words

    side = "left" if task_words(body_part).direction else "right"  # type: ignore[arg-type]
    views = stimuli.views()
    view = EXAMPLE_VIEW.get(body_part, "front")
    view = view if view in views else views[0]
    wanted = EXAMPLE_POSTURE.get(body_part, "")
    if isinstance(stimuli, Rendered) and wanted in stimuli.postures_in(view):
        stimulus = Stimulus(side, view, 0, posture=wanted, skin=stimuli.skins[0],
                            shape=stimuli.shape)
    else:  # own photos, or a library without that posture
        stimulus = stimuli.stimulus(side, view, 0, 0)
    return Example(stimulus, example_caption(body_part, side, stimulus.posture,  # type: ignore[arg-type]
                                             view))


Step = Fixation | Feedback | Finished
Drawn = tuple[Stimulus, np.ndarray]


class LateralitySession:
    """One laterality block for one person: plan, pictures, answers, journal, result."""

    def __init__(self, context: StageContext, stimuli: StimulusSet, seed: int | None = None,
                 clock: Callable[[], int] = time.perf_counter_ns,
                 runner: JobRunner | None = None) -> None:
        """`runner` draws the pictures ahead, in trial order, off the caller's thread
        (default: a runner of this session's own); `clock` gives nanoseconds."""
        self.context = context
        self.settings = context.protocol.laterality
        self.body = context.profile.body_part
        self.stimuli = stimuli
        views = [v for v in self.settings.views if v in stimuli.views()] or list(
            stimuli.views()[:1])
        self.run = LateralityRun(make_schedule(self.settings.trials, self.settings.practice_trials,
                                               self.settings.angles, views, seed))
        self.journal = StageJournal(context, "laterality")
        self._clock = clock
        self._own_runner = runner is None
        self._runner = JobRunner(name="gmi-stimuli") if runner is None else runner
        self._pictures: list[Job[Drawn]] = [
            self._runner.submit(self._drawer(t), name=f"picture-{t.index}")
            for t in self.run.plan]
        self.onset_ns: int | None = None
        self.paused = False
        self.in_feedback = False
        self.started = False
        self.result: Finished | None = None
        self.picture_pending = False  # handed to the screen, not yet painted
        self._stimulus: Stimulus | None = None

    # -- the steps ------------------------------------------------------------------
    def _drawer(self, trial: PlannedTrial) -> Callable[[object], Drawn]:
        def draw(_progress: object) -> Drawn:
            stimulus = self.stimuli.stimulus(trial.side, trial.view, trial.angle, trial.pick)
            return stimulus, self.stimuli.image(stimulus, IMAGE_SIZE)
        return draw

    @property
    def waiting_for_answer(self) -> bool:
        """A painted picture is waiting for an answer."""
        return self.onset_ns is not None and not self.paused and not self.in_feedback

    @property
    def done(self) -> bool:
        return self.result is not None

    def begin(self) -> Step:
        """Open the journal and go to the first trial."""
        self.journal.start()
        self.started = True
        return self._next_trial()

    def _next_trial(self) -> Step:
        self.in_feedback = False
        self.onset_ns = None
        if self.run.done:
            return self._finish("completed")
        trial = self.run.current
        assert trial is not None
        if trial.practice:
            progress = f"Practice {trial.index + 1} of {self.run.practice_total}"
        else:
            n = trial.index - self.run.practice_total + 1
            progress = f"Picture {n} of {self.run.test_total}"
        return Fixation(round(self.settings.pause_between_s * 1000), progress)

    def present(self) -> Picture | NotReady | None:
        """After the fixation: the picture to show (None when paused or finished)."""
        if self.paused or self.run.current is None or self.done:
            return None
        job = self._pictures[self.run.position]
        if not job.done or job.result is None:
            return NotReady()
        self._stimulus, image = job.result.unwrap()  # a drawing error is raised here
        self.picture_pending = True
        return Picture(image)

    def shown(self, onset_ns: int) -> int:
        """The picture was painted at `onset_ns`: returns the deadline in ms."""
        self.picture_pending = False
        self.onset_ns = onset_ns
        return round(self.settings.time_limit_s * 1000)

    def answer(self, side: Response, method: str, at_ns: int | None = None) -> Step | None:
        """An answer counts only while a painted picture waits for one (else None)."""
        at_ns = self._clock() if at_ns is None else at_ns
        if not self.waiting_for_answer:
            return None
        return self._close_trial(side, (at_ns - self.onset_ns) / 1e6, method)  # type: ignore[operator]

    def time_out(self) -> Step | None:
        """The deadline passed with no answer: a miss, never correct."""
        if not self.waiting_for_answer:
            return None
        return self._close_trial(None, None, "")

    def after_feedback(self) -> Step | None:
        if not self.in_feedback or self.paused:
            return None
        return self._next_trial()

    def _close_trial(self, response: Response | None, rt_ms: float | None,
                     method: str) -> Step:
        stim = self._stimulus
        record = self.run.record(response, rt_ms, posture=stim.posture if stim else "",
                                 skin=stim.skin if stim else "",
                                 source=stim.source if stim else "", input=method,
                                 view=stim.view if stim else "")
        self.onset_ns = None
        self.journal.write(LateralityTrial.model_validate(record.model_dump()))
        show = self.settings.feedback == "always" or (
            self.settings.feedback == "practice" and record.practice)
        if not show:
            return self._next_trial()
        self.in_feedback = True
        return Feedback(self.feedback_text(record), FEEDBACK_MS)

    def feedback_text(self, record: TrialRecord) -> str:
        """In the body part's words: which limb, or which way the person moved."""
        from gmi.model.task_words import task_words

        return task_words(self.body).feedback(record.side, record.correct, record.timed_out)

    # -- pause and stop -----------------------------------------------------------------
    def pause(self) -> bool:
        """Pause between or during trials; the interrupted picture is shown again,
        freshly timed. False if there is nothing to pause."""
        if self.paused or not self.started or self.done:
            return False
        self.paused = True
        self.in_feedback = False
        self.picture_pending = False
        self.onset_ns = None
        self.journal.write(PauseMark(trial=self.run.position))
        return True

    def resume(self) -> Step | None:
        if not self.paused:
            return None
        self.paused = False
        self.journal.write(ResumeMark(trial=self.run.position))
        return self._next_trial()

    def stop(self) -> Finished:
        """'Stop for today': everything answered so far is kept and scored."""
        self.paused = False
        if self.result is not None:
            return self.result
        return self._finish("stopped")

    # -- the end ------------------------------------------------------------------------
    def previous_score(self) -> LateralityScore | None:
        """The last completed laterality session before this one, scored."""
        sessions = self.context.sessions
        mine = self.journal.session_id
        for info in reversed(sessions.list()):
            if info.stage != "laterality" or info.session_id == mine:
                continue
            contents = sessions.load(info)
            if contents is None or contents.interrupted:
                continue
            records = records_from_events(contents.events)
            if any(not r.practice for r in records):
                return score(records)
        return None

    def _finish(self, outcome: Outcome) -> Finished:
        self._stop_drawing()
        result = score(self.run.records)
        summary = LateralitySummary.model_validate(score_summary(result))
        self.journal.finish(outcome, headline(result) if result.overall.n
                            else "Stopped before the first picture", summary)
        if result.overall.n == 0:
            finished = Finished(
                outcome, result, "That's fine for today",
                ["You stopped before the pictures began. Come back whenever you feel "
                 "ready; even a few minutes count."], "", self.journal.problem)
        else:
            finished = Finished(
                outcome, result,
                "Well done" if outcome == "completed" else "Good that you practised",
                patient_summary(result, self.previous_score(), self.body,
                                norm_for(self.body)),
                self.journal.acknowledgement(summary), self.journal.problem)
        self.result = finished
        return finished

    def wait_for_picture(self, timeout_s: float = 30.0) -> bool:
        """Block until the current trial's picture is drawn (headless callers only:
        the screen never waits, it looks again after `NotReady.retry_ms`)."""
        if self.run.current is None:
            return False
        return self._pictures[self.run.position].wait(timeout_s)

    def _stop_drawing(self) -> None:
        for job in self._pictures:
            job.cancel()
        if self._own_runner:
            self._runner.shutdown()

    def close(self) -> None:
        """Leave now: stop drawing; an unfinished journal reads as interrupted."""
        self._stop_drawing()
        self.journal.close()
