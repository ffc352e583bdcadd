"""Clinical reference numbers (DESIGN.md section 6), with their sources.

Kept in one place so every screen and report compares against the same
values, and a therapist reading the code can check each against its source.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LateralityNorm:
    accuracy_target: float  # proportion correct, each side
    rt_mean_ms: float
    rt_sd_ms: float
    source: str

    @property
    def rt_upper_ms(self) -> float:
        """Slowest response time still within the norm (mean + 1 SD)."""
        return self.rt_mean_ms + self.rt_sd_ms


HAND_FOOT = LateralityNorm(0.80, 2000.0, 500.0, "NOI GMI guidance; EFIC CRPS pages")

# Smallest detectable change of the laterality task (LRJT reliability studies):
# a difference smaller than the lower bound may be noise; beyond the upper
# bound it is a change even on the least reliable measurements.
SDC_RT_MS = (190.0, 490.0)
SDC_ACCURACY = (0.05, 0.14)

# Pain NRS change that matters (Farrar 2001): about 1 point or 15 %;
# "much better" is 2 points or 33 %.
PAIN_MEANINGFUL = (1.0, 0.15)
PAIN_MUCH_BETTER = (2.0, 0.33)
