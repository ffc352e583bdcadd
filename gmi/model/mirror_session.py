"""Mirror practice's pure rules: time done, prompts completed, the headline.

Time counts only while the person is practising: not while paused and not
while the camera is away, so "10 minutes" means ten minutes of watching.
`gmi.app.mirror.MirrorSession` decides when time is practising and journals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gmi.model.words import duration


@dataclass
class MirrorProgress:
    minutes_planned: float
    prompts: list[str]
    seconds_done: float = 0.0
    prompt_index: int = 0
    completed: list[int] = field(default_factory=list)

    @property
    def seconds_left(self) -> float:
        return max(0.0, self.minutes_planned * 60 - self.seconds_done)

    @property
    def finished(self) -> bool:
        return self.seconds_left <= 0

    @property
    def current_prompt(self) -> str:
        return self.prompts[self.prompt_index % len(self.prompts)] if self.prompts else ""

    def tick(self, seconds: float) -> int:
        """Add practised time; returns how many whole minutes were just completed."""
        before = int(self.seconds_done // 60)
        self.seconds_done = min(self.seconds_done + seconds, self.minutes_planned * 60)
        return int(self.seconds_done // 60) - before

    def prompt_done(self) -> int:
        """Mark the current prompt done and move on (prompts repeat in a cycle)."""
        done = self.prompt_index
        self.completed.append(done % max(1, len(self.prompts)))
        self.prompt_index += 1
        return done

    @property
    def minutes_done(self) -> float:
        """Practised minutes as journaled (two decimals)."""
        return round(self.seconds_done / 60, 2)

    def headline(self) -> str:
        minutes = self.seconds_done / 60
        if minutes < 1 or self.minutes_planned < 1:  # "30 seconds of 10 minutes", not "0.5 of 10"
            done = f"{duration(self.seconds_done)} of {duration(self.minutes_planned * 60)}"
        else:
            done = f"{minutes:.0f} of {self.minutes_planned:g} minutes"
        moved = len(self.completed)
        return done + (f" · {moved} movement{'s' if moved != 1 else ''} done" if moved else "")


def clock(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
