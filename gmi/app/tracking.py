"""Stage 4, movement with the camera, as a session without Qt.

The exercises of the protocol in order (repetitions counted from tracking
results, range of motion, guidance when the hand is not well in view), then
up to three "copy this position" rounds (the protocol's postures as the copy set,
`gmi.model.copy_set`, has them) paced by the patient: each round
waits for "I'm ready", counts down :data:`COUNTDOWN_SECONDS`, measures for
:data:`HOLD_SECONDS`, then rests :data:`REST_SECONDS` before the next one
waits again. Time comes from an injected clock; :meth:`TrackingSession.tick`
moves the round on.
:class:`TrackingSession` journals each repetition, exercise and round as a
typed record and ends with a :class:`TrackingBlockSummary`. It never sees a
camera: it is fed tracking results (from `CameraSession.latest_tracking`, or
straight from a tracker in a test), so the counting is tested without Qt.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from gmi.app.stage import StageContext, StageJournal
from gmi.model.copy_set import hand_copy_set
from gmi.model.posture import Posture, postures_for
from gmi.model.records import (
    ExerciseResult,
    PostureMatchResult,
    RepetitionCounted,
    TrackingBlockSummary,
)
from gmi.vision.body_kinematics import BODY_EXERCISES
from gmi.vision.kinematics import MatchReading, match_reading
from gmi.vision.posture_match import CopyTarget, copy_target
from gmi.vision.tracker import TrackingResult
from gmi.vision.tracking_session import (
    ALL_EXERCISES,
    EXERCISE_TEXT,
    SIGNAL_UNITS,
    ExerciseState,
    best_and_mean,
    feed,
    guidance,
    match_score,
    new_exercise,
)

COUNTDOWN_SECONDS = 3.0  # "3, 2, 1" after "I'm ready": time to get into the position
HOLD_SECONDS = 5.0  # measured while the position is held
REST_SECONDS = 5.0  # between rounds (the patient may go on sooner)
LIVE_FRAMES = 15  # the live score is the reading over about the last half second
POSTURE_ROUNDS = 3
HONEST = ("Angles from a camera are estimates, about 5-10 degrees at best: "
          "watch the trend over days rather than one number.")
ALL_DONE = "That's all of them. Well done."
TrackingPhase = Literal["not started", "exercise", "posture", "finished"]
RoundStep = Literal["ready", "countdown", "holding", "rest"]
Clock = Callable[[], int]  # nanoseconds, monotonic


@dataclass(frozen=True)
class TrackingUpdate:
    """What one new tracking result changed, for the screen to show."""

    advice: str = ""  # what to do so the camera can follow ("" = fine)
    counted: bool = False  # a repetition was just completed
    score: float | None = None  # posture match 0-100 in a round


def exercise_result(exercise: ExerciseState) -> ExerciseResult:
    """The typed record of one exercise as it stands."""
    return ExerciseResult(kind=exercise.kind, reps=exercise.reps, target=exercise.target,
                          rom_min=exercise.rom.minimum, rom_max=exercise.rom.maximum,
                          rom_span=exercise.rom.span, signal=ALL_EXERCISES[exercise.kind][0])


class TrackingSession:
    """One block of tracked movement: exercises, then posture rounds, then the summary."""

    def __init__(self, context: StageContext, clock_ns: Clock = time.monotonic_ns) -> None:
        self.context = context
        self.body = context.profile.body_part
        self.side = context.protocol.affected_side or context.profile.affected_side
        self.exercises = [new_exercise(e.kind, e.target_reps, self.side or "right")
                          for e in context.protocol.tracking.exercises]
        self.index = 0
        # Hands only (no rounds for other body parts): the protocol's postures as the
        # copy set has them, so that near-duplicates are scored as what the camera sees.
        self.rounds = (hand_copy_set().rounds(context.protocol.imagery.postures,
                                              POSTURE_ROUNDS) if self.body == "hand" else [])
        self.round_index = -1
        self.round_step: RoundStep = "ready"
        self.round_scores: list[float] = []
        self.readings: list[MatchReading | None] = []  # per finished round
        self.target: CopyTarget | None = None
        self.exercise_results: list[ExerciseResult] = []
        self.posture_results: list[PostureMatchResult] = []
        self.journal = StageJournal(context, "tracking")
        self.phase: TrackingPhase = "not started"
        self.advice = ""
        self.last_score: float | None = None
        self.live: MatchReading | None = None
        self.last_frame = -1
        self.summary: TrackingBlockSummary | None = None
        self._clock = clock_ns
        self._step_started_ns = 0

    # -- state for the screen -----------------------------------------------------------
    @property
    def exercise(self) -> ExerciseState | None:
        """The exercise being done (None once the exercises are over)."""
        return self.exercises[self.index] if self.index < len(self.exercises) else None

    @property
    def finished(self) -> bool:
        return self.phase == "finished"

    @property
    def posture(self) -> Posture | None:
        """The position to copy in the current round (None outside the rounds)."""
        if self.phase != "posture":
            return None
        return postures_for("hand")[self.rounds[self.round_index]]

    @property
    def title(self) -> str:
        if self.phase == "posture":
            return f"Copy this position ({self.round_index + 1} of {len(self.rounds)})"
        ex = self.exercise
        if ex is None:
            return ""
        return f"{EXERCISE_TEXT[ex.kind][0]} ({self.index + 1} of {len(self.exercises)})"

    @property
    def instruction(self) -> str:
        posture = self.posture
        if posture is not None:
            return f"{posture.title}: {posture.instruction}"
        ex = self.exercise
        if ex is None:
            return ""
        text = f"{EXERCISE_TEXT[ex.kind][1]} Only as far as is comfortable."
        body = BODY_EXERCISES.get(ex.kind)
        return f"{body.placement} {text}" if body is not None else text

    @property
    def count_text(self) -> str:
        """'1 of 5' in an exercise; in a round the countdown, then the match with its band."""
        if self.phase == "posture":
            if self.round_step == "countdown":
                return f"{math.ceil(self.seconds_left):.0f}"
            if self.round_step == "ready":
                return ""
            reading = self.live if self.round_step == "holding" else self._last_reading()
            return "–" if reading is None else reading.text
        ex = self.exercise
        return f"{ex.reps} of {ex.target}" if ex else ""

    @property
    def seconds_left(self) -> float:
        """Seconds left in the countdown, the hold or the rest (0 while waiting)."""
        length = {"countdown": COUNTDOWN_SECONDS, "holding": HOLD_SECONDS,
                  "rest": REST_SECONDS}.get(self.round_step)
        if self.phase != "posture" or length is None:
            return 0.0
        return max(0.0, length - (self._clock() - self._step_started_ns) / 1e9)

    @property
    def round_text(self) -> str:
        """What happens now in a round, in words ("" outside the rounds)."""
        if self.phase != "posture":
            return ""
        left = math.ceil(self.seconds_left)
        if self.round_step == "ready":
            return "Get comfortable. Press \"I'm ready\" when you want to start."
        if self.round_step == "countdown":
            return "Move into the position now."
        if self.round_step == "holding":
            return f"Hold it gently: {left} s left."
        more = self.round_index + 1 < len(self.rounds)
        return (f"Rest your hand: {left} s. The next position follows." if more
                else f"Rest your hand: {left} s.")

    @property
    def range_text(self) -> str:
        ex = self.exercise
        if self.phase != "exercise" or ex is None or ex.rom.span is None:
            return ""
        unit = SIGNAL_UNITS[ALL_EXERCISES[ex.kind][0]]
        body = BODY_EXERCISES.get(ex.kind)
        if body is not None:
            return (f"Range so far: {whole(ex.rom.minimum)} to {whole(ex.rom.maximum)}{unit}, "
                    f"each give or take about {body.error_band:.0f}° (estimate)")
        return (f"Range so far: {whole(ex.rom.minimum)} to {whole(ex.rom.maximum)}{unit} "
                "(estimate)")

    @property
    def next_text(self) -> str:
        """The button's word: "Finish" where nothing follows, never "Next" to nothing."""
        if self.phase == "posture":
            if self.round_step == "ready":
                return "I'm ready"
            return "Next position" if self.round_index + 1 < len(self.rounds) else "Finish"
        rounds_follow = self.body == "hand" and bool(self.rounds)
        last = self.index + 1 >= len(self.exercises) and not rounds_follow
        return "Finish" if last else "Next exercise"

    @property
    def follows_body(self) -> bool:
        """The exercises are followed with MediaPipe Pose (any body part but the hand)."""
        return self.body != "hand"

    @property
    def problem(self) -> str:
        return self.journal.problem

    # -- the flow -----------------------------------------------------------------------------
    def start(self) -> None:
        """Open the journal and begin with the first exercise (or the rounds, or the end)."""
        if self.phase != "not started":
            return
        self.journal.start()
        self.phase = "exercise"
        if self.exercise is None:
            self._start_round(0)

    def feed(self, result: TrackingResult | None) -> TrackingUpdate | None:
        """One tracking result; None when it is not new or nothing is being measured."""
        if result is None or result.frame_index == self.last_frame or self.phase not in (
                "exercise", "posture"):
            return None
        self.last_frame = result.frame_index
        if self.phase == "posture":
            if self.round_step != "holding":  # only the held position is measured
                return None
            score = match_score(result.hands, self.target, result.brightness)
            self.advice = "" if score is not None else guidance(result.hands, result.brightness)
            if score is not None:
                self.round_scores.append(score)
                self.last_score = score
                self.live = match_reading(self.round_scores[-LIVE_FRAMES:], self.target.band)
            return TrackingUpdate(self.advice, score=score)
        ex = self.exercise
        if ex is None:
            return None
        self.advice, counted = feed(ex, result.hands, result.captured_ns / 1e9,
                                    result.brightness, bodies=result.bodies)
        if counted:
            self.journal.write(RepetitionCounted(kind=ex.kind, n=ex.reps))
            if ex.done:
                self.advice = ALL_DONE
        return TrackingUpdate(self.advice, counted=counted)

    def next_step(self) -> None:
        """'I'm ready' starts a round's countdown; 'Next' moves on (exercise, round, end)."""
        if self.phase == "posture":
            if self.round_step == "ready":
                self._step("countdown")
            elif self.round_step == "rest":
                self._start_round(self.round_index + 1)
            else:
                self._end_round()
                self._start_round(self.round_index + 1)
            return
        ex = self.exercise
        if self.phase == "exercise" and ex is not None:
            result = exercise_result(ex)
            self.journal.write(result)
            self.exercise_results.append(result)
            self.index += 1
            self.advice = ""
            if self.exercise is None:
                self._start_round(0)

    def tick(self) -> bool:
        """Move a round on when its countdown, hold or rest is over; True when it did.

        Nothing moves while the round waits for "I'm ready": the patient sets the pace.
        """
        if self.phase != "posture" or self.round_step == "ready" or self.seconds_left > 0:
            return False
        if self.round_step == "countdown":
            self._step("holding")
        elif self.round_step == "holding":
            self._end_round()
            if self.round_index + 1 < len(self.rounds):
                self._step("rest")
            else:
                self.finish()
        else:
            self._start_round(self.round_index + 1)
        return True

    def _step(self, step: RoundStep) -> None:
        self.round_step = step
        self._step_started_ns = self._clock()

    def _start_round(self, n: int) -> None:
        if n >= len(self.rounds) or self.body != "hand":
            self.finish()
            return
        self.phase = "posture"
        self.round_index = n
        self.target = copy_target(self.rounds[n], self.side or "right")
        self.round_scores = []
        self.last_score = None
        self.live = None
        self.advice = ""
        self._step("ready")

    def _last_reading(self) -> MatchReading | None:
        return self.readings[-1] if self.readings else None

    def _end_round(self) -> None:
        best, mean = best_and_mean(self.round_scores)
        reading = match_reading(self.round_scores,
                                0.0 if self.target is None else self.target.band)
        self.readings.append(reading)
        result = PostureMatchResult(
            posture=self.rounds[self.round_index], best_score=best, mean_score=mean,
            frames=len(self.round_scores),
            score=None if reading is None else reading.score,
            band_low=None if reading is None else reading.low,
            band_high=None if reading is None else reading.high)
        self.journal.write(result)
        self.posture_results.append(result)
        self.round_scores = []  # journaled: never twice

    def finish(self) -> TrackingBlockSummary:
        """Stop for today (or the end): journal the exercise under way and the summary."""
        if self.summary is not None:
            return self.summary
        ex = self.exercise
        if self.phase == "exercise" and ex is not None and (ex.reps or ex.rom.span):
            result = exercise_result(ex)
            self.journal.write(result)
            self.exercise_results.append(result)
        if self.phase == "posture" and self.round_step == "holding" and self.round_scores:
            self._end_round()  # stopped while holding: what was measured counts
        self.phase = "finished"
        self.summary = TrackingBlockSummary(exercises=list(self.exercise_results),
                                            postures=list(self.posture_results))
        complete = self.index >= len(self.exercises)
        self.journal.finish("completed" if complete else "stopped", self.headline(),
                            self.summary)
        return self.summary

    def close(self) -> None:
        """Leave without an end record if unfinished (steps done are already on disk)."""
        self.journal.close()

    # -- the summary ------------------------------------------------------------------------------
    def headline(self) -> str:
        exercises = self.exercise_results
        reps = sum(r.reps for r in exercises)
        text = (f"{reps} repetitions in {len(exercises)} exercise"
                + ("s" if len(exercises) != 1 else "")) if reps else \
            "moved with the camera (no repetitions it could count)"
        scored = [r.score for r in self.posture_results if r.score is not None]
        if scored:
            text += f" · best posture match {max(scored):.0f}"
        return text

    def summary_lines(self) -> list[str]:
        lines = []
        for r in self.exercise_results:
            body = BODY_EXERCISES.get(r.kind)
            name = EXERCISE_TEXT[r.kind][0]
            if not r.reps:  # no zero named as a result: say what it means, kindly
                lines.append(f"{name}: not counted this time (the camera could not follow "
                             "it); that is fine.")
                continue
            span = "" if r.rom_span is None else (
                f"; range {whole(r.rom_min)} to {whole(r.rom_max)} (estimate)" if body is None else
                f"; range {whole(r.rom_min)}° to {whole(r.rom_max)}°, each give or take about "
                f"{body.error_band:.0f}° (estimate)")
            lines.append(f"{name}: {r.reps} of {r.target}{span}.")
        words = posture_summary(self.posture_results)
        if words:
            lines.append(words)
        for m in self.posture_results:
            lines.append(f"{posture_title(m.posture)}: {round_words(m)}.")
        if not self.exercise_results and not self.posture_results:
            lines.append("Nothing was measured this time; that is fine.")
        lines.append(HONEST)
        return lines

    def acknowledgement(self) -> str:
        """One concrete, true sentence about this block ("" before the end)."""
        return self.journal.acknowledgement(self.summary) if self.summary is not None else ""


def whole(value: float) -> str:
    """A measured angle in whole degrees, never "-0" (a reading of -0.3 is 0)."""
    return str(round(float(value)))  # an int: round() of a float


# -- posture rounds in words ---------------------------------------------------------------
def posture_title(name: str) -> str:
    """The plain name a patient reads ("Open hand", never `open`)."""
    posture = postures_for("hand").get(name)
    return posture.title if posture is not None else name.replace("_", " ").capitalize()


def _in_sentence(title: str) -> str:
    """'Open hand' -> 'open hand' inside a sentence; 'OK sign' and 'V sign' keep capitals."""
    first = title.split(" ", 1)[0]
    return title if first.isupper() else title[0].lower() + title[1:]


def round_words(result: PostureMatchResult) -> str:
    """One round in words, with the score and its band."""
    if result.score is None:
        return "your hand was not seen in this round"
    band = ("" if result.band_low is None or result.band_high is None
            else f", between {result.band_low:.0f} and {result.band_high:.0f}")
    if result.score >= 80:
        how = "copied closely"
    elif result.score >= 60:
        how = "copied fairly well"
    elif result.score >= 40:
        how = "partly copied"
    else:
        how = "harder today"
    return f"{how} (match {result.score:.0f} of 100{band})"


def posture_summary(results: list[PostureMatchResult]) -> str:
    """One sentence over the rounds: what went closest, and what was harder."""
    seen = [r for r in results if r.score is not None]
    if not seen:
        return ""
    best = max(seen, key=lambda r: r.score or 0.0)
    worst = min(seen, key=lambda r: r.score or 0.0)
    text = f"You copied the {_in_sentence(posture_title(best.posture))}"
    text += " closely" if (best.score or 0) >= 80 else " best"
    if worst is not best and (best.score or 0) - (worst.score or 0) >= 10:
        return text + f"; the {_in_sentence(posture_title(worst.posture))} was harder today."
    return text + "."
