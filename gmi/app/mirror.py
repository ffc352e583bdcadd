"""Stage 3, mirror practice, as a session without Qt.

Practised minutes with guided prompts, pause and resume, opened and closed
by a pain rating only when the protocol asks (`mirror.pain_before_after`;
pain is otherwise rated once a day at the check-in, whose answer the rating
before starts from): :class:`MirrorSession` owns that flow and journals each
step as a typed record. Time counts only while practising with the camera
running (not while paused, not while the camera is away), read from an
injected clock so a test or `gmi demo` runs ten minutes in no time. The
mirror mode is kept in the kernel the camera runs on every frame, so a mode
chosen here shows on the very next frame.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from gmi.app.stage import StageContext, StageJournal
from gmi.model.imagery import pain_change
from gmi.model.mirror_session import MirrorProgress, clock
from gmi.model.records import (
    CameraState,
    MirrorBlockSummary,
    MirrorMinute,
    MirrorModeSet,
    MirrorPromptDone,
    PainRating,
    PauseMark,
    ResumeMark,
)
from gmi.model.words import counted, duration
from gmi.vision.mirror import MirrorKernel, MirrorMode, keep_side_for

MirrorPhase = Literal["pain_before", "practice", "pain_after", "finished"]
PAUSED_TEXT = "Paused. Rest as long as you like."
Clock = Callable[[], int]  # nanoseconds, monotonic


@dataclass(frozen=True)
class MirrorTick:
    """What one tick changed: whole minutes just completed; whether time is up."""

    minutes: int = 0
    time_up: bool = False


class MirrorSession:
    """One block of mirror practice, from the pain rating before to the one after."""

    def __init__(self, context: StageContext, clock_ns: Clock = time.perf_counter_ns) -> None:
        settings = context.protocol.mirror
        self.context = context
        self.side = context.protocol.affected_side or context.profile.affected_side
        self.body = context.profile.body_part
        self.progress = MirrorProgress(settings.minutes, list(settings.prompts))
        self.kernel = MirrorKernel(settings.mode, keep=keep_side_for(self.side))
        self.journal = StageJournal(context, "mirror")
        self.phase: MirrorPhase = "pain_before"
        self.paused = False
        self.pain_before: int | None = None
        self.pain_after: int | None = None
        self.camera_state = ""  # the last state journaled
        self.summary: MirrorBlockSummary | None = None
        self._clock = clock_ns
        self._last_tick_ns = 0

    # -- state for the screen ---------------------------------------------------------
    @property
    def practising(self) -> bool:
        return self.phase == "practice"

    @property
    def seconds_done(self) -> float:
        return self.progress.seconds_done

    @property
    def seconds_left(self) -> float:
        return self.progress.seconds_left

    @property
    def time_up(self) -> bool:
        return self.progress.finished

    @property
    def time_left_text(self) -> str:
        """'4:59': the time still to practise."""
        return clock(self.progress.seconds_left)

    @property
    def current_prompt(self) -> str:
        return self.progress.current_prompt

    @property
    def prompt_text(self) -> str:
        """The movement to do now, or the words of a pause."""
        return PAUSED_TEXT if self.paused else self.progress.current_prompt

    @property
    def hint(self) -> str:
        """What to watch, in words that match the mode on screen (and, for a shoulder
        or a knee, where the camera goes)."""
        from gmi.model.task_words import limb, mirror_setup

        part, other = limb(self.body), self.healthy_side
        gently = "Move gently, only as far as is comfortable."
        if self.kernel.mode == "flip":
            return (f"{mirror_setup(self.body)}The whole picture is mirrored: your {other} "
                    f"{part} looks like your {self.side} {part}. Keep your {self.side} {part} "
                    f"still, out of view, and watch the moving one. {gently}")
        return (f"{mirror_setup(self.body)}Watch the {self.side} side of the picture: let the "
                f"reflection be your {self.side} {part}. {gently}")

    @property
    def healthy_side(self) -> str:
        return "left" if self.side == "right" else "right"

    def setup_steps(self) -> list[str]:
        """Where the camera and each limb go, in words that match the mode."""
        from gmi.model.stages import plural
        from gmi.model.task_words import limb, mirror_setup

        body, side, healthy = limb(self.body), self.side, self.healthy_side
        camera = mirror_setup(self.body).strip() or (
            "Put the camera in front of you at table height, looking down at your "
            f"{plural(body)}, a forearm's length away.")
        steps = [camera,
                 f"Keep your {side} {body} (the painful one) still and out of sight: on "
                 "your lap, or under a cloth.",
                 f"Rest your {healthy} {body} in front of the camera"]
        if self.kernel.mode == "split":
            steps[-1] += (f", on the {healthy} half of the picture. The other half shows it "
                          f"mirrored: that is your {side} {body}, moving easily.")
        else:
            steps[-1] += (f". The whole picture is mirrored, so it looks like your {side} "
                          f"{body}, moving easily.")
        steps.append(f"Then move only your {healthy} {body}, slowly, and watch the picture.")
        return steps

    @property
    def problem(self) -> str:
        """What could not be saved, in words ("" when everything was)."""
        return self.journal.problem

    @property
    def asks_pain(self) -> bool:
        """Whether this block rates pain before and after (the protocol says; by default
        the check-in's one rating a day is enough)."""
        return self.context.protocol.mirror.pain_before_after

    @property
    def pain_prefill(self) -> int | None:
        """Where the rating before starts: today's check-in answer (None: not asked)."""
        return self.context.pain_today if self.asks_pain else None

    # -- the flow ---------------------------------------------------------------------------
    def begin(self) -> MirrorPhase:
        """After the set-up page: practice starts now unless the protocol asks pain
        first; returns the phase the screen shows ('pain_before' or 'practice')."""
        if self.phase == "pain_before" and not self.asks_pain:
            self._start_practice()
        return self.phase

    def rate_pain_before(self, nrs: int | None) -> None:
        """Pain before (None: not rated) starts the journal and the practice time."""
        if self.phase != "pain_before":
            return
        self.pain_before = nrs
        self.journal.start()
        self.journal.write(PainRating(when="before", nrs=nrs))
        self._start_practice()

    def _start_practice(self) -> None:
        self.journal.start()
        self._journal_mode()
        self.phase = "practice"
        self._last_tick_ns = self._clock()

    def tick(self, camera_state: str) -> MirrorTick:
        """Count the time since the last tick if practising with the camera running.

        `camera_state` is the camera's state now ('running', 'lost', ...);
        a change is journaled, so the record shows when the camera was away.
        """
        if not self.practising:
            return MirrorTick()
        now = self._clock()
        elapsed = max(0, now - self._last_tick_ns) / 1e9
        self._last_tick_ns = now
        if camera_state != self.camera_state:
            self.camera_state = camera_state
            self.journal.write(CameraState(state=camera_state))
        if self.paused or camera_state != "running":
            return MirrorTick()
        minutes = self.progress.tick(elapsed)
        if minutes:
            self.journal.write(MirrorMinute(minutes_done=self.progress.minutes_done))
        if self.progress.finished:
            self.phase = "pain_after"
            return MirrorTick(minutes, time_up=True)
        return MirrorTick(minutes)

    def next_prompt(self) -> bool:
        """The current movement is done: journal it and move on (False if not practising)."""
        if not self.practising or self.paused:
            return False
        index = self.progress.prompt_done()
        prompts = self.progress.prompts
        self.journal.write(MirrorPromptDone(
            index=index % max(1, len(prompts)),
            text=prompts[index % len(prompts)] if prompts else "",
            at_s=round(self.progress.seconds_done, 1)))
        return True

    def toggle_pause(self) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def pause(self) -> None:
        if self.practising and not self.paused:
            self.paused = True
            self.journal.write(PauseMark(at_s=round(self.progress.seconds_done, 1)))

    def resume(self) -> None:
        if self.practising and self.paused:
            self.paused = False
            self.journal.write(ResumeMark(at_s=round(self.progress.seconds_done, 1)))

    def set_mode(self, mode: MirrorMode) -> None:
        """Mirror box ('split') or the whole picture mirrored ('flip'); journaled."""
        self.kernel.mode = mode
        self._journal_mode()

    def set_split(self, fraction: float) -> None:
        """Where the mirror line is, as a fraction of the picture's width."""
        self.kernel.split_fraction = fraction

    def _journal_mode(self) -> None:
        self.journal.write(MirrorModeSet(mode=self.kernel.mode, keep=self.kernel.keep,
                                         split=self.kernel.split_fraction))

    def stop(self) -> None:
        """Stop for today: on to the pain rating after."""
        if self.practising:
            self.phase = "pain_after"

    def rate_pain_after(self, nrs: int | None) -> MirrorBlockSummary:
        """Pain after (None: not rated) ends the block; returns its summary."""
        if self.summary is not None:
            return self.summary
        self.pain_after = nrs
        self.journal.write(PainRating(when="after", nrs=nrs))
        return self.finish()

    def finish(self) -> MirrorBlockSummary:
        """End the block (after the rating, or without one when none is asked)."""
        if self.summary is not None:
            return self.summary
        nrs = self.pain_after
        self.summary = MirrorBlockSummary(
            minutes_planned=self.progress.minutes_planned,
            minutes_done=self.progress.minutes_done,
            prompts_completed=len(self.progress.completed),
            pain_before=self.pain_before, pain_after=nrs,
            pain_change=pain_change(self.pain_before, nrs))
        outcome = "completed" if self.progress.finished else "stopped"
        self.journal.finish(outcome, self.progress.headline(), self.summary)
        self.phase = "finished"
        return self.summary

    def close(self) -> None:
        """Leave without an end record if unfinished (steps done are already on disk)."""
        self.journal.close()

    # -- the summary ----------------------------------------------------------------------------
    @property
    def summary_title(self) -> str:
        return "Well done" if self.progress.finished else "Good that you practised"

    def summary_lines(self) -> list[str]:
        summary = self.summary
        if summary is None:
            return []
        lines = [f"You practised for {duration(summary.minutes_done * 60)}."]
        if summary.prompts_completed:  # a count only when there is one to tell
            lines[0] = (f"You practised for {duration(summary.minutes_done * 60)} and did "
                        f"{counted(summary.prompts_completed, 'guided movement')}.")
        if summary.pain_change:
            lines.append(f"Your pain went from {summary.pain_before} to "
                         f"{summary.pain_after}: {summary.pain_change}.")
        return lines

    def acknowledgement(self) -> str:
        """One concrete, true sentence about this block ("" before the end)."""
        return self.journal.acknowledgement(self.summary) if self.summary is not None else ""
