"""Mirror practice's pure rules: time done, prompts completed, the headline.

Time counts only while the person is practising: not while paused and not
while the camera is away, so "10 minutes" means ten minutes of watching.
`gmi.app.mirror.MirrorSession` decides when time is practising and journals.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
        shown = f"{minutes:.0f}" if minutes >= 1 else f"{minutes:.1f}"
        return (f"{shown} of {self.minutes_planned:g} minutes · "
                f"{len(self.completed)} movement{'s' if len(self.completed) != 1 else ''} done")


def clock(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
