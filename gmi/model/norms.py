"""Clinical reference numbers (DESIGN.md section 6), with their sources.

Kept in one place so every screen and report compares against the same
values, and a therapist reading the code can check each against its source.

The laterality norm is a band, not a ceiling: "within the norm" means an
accuracy at or above the target *and* a median response time inside
mean +/- 1 SD of healthy people for that body part. A median faster than
about half a second is too fast to be a judgement of a rotated limb (people
answer before they could have imagined the movement), so it is flagged
rather than praised.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LateralityNorm:
    body_part: str
    accuracy_target: float  # proportion correct, each side
    rt_mean_ms: float
    rt_sd_ms: float
    source: str

    @property
    def rt_lower_ms(self) -> float:
        """Fastest response time still within the norm (mean - 1 SD)."""
        return self.rt_mean_ms - self.rt_sd_ms

    @property
    def rt_upper_ms(self) -> float:
        """Slowest response time still within the norm (mean + 1 SD)."""
        return self.rt_mean_ms + self.rt_sd_ms

    @property
    def words(self) -> str:
        """'>= 80 % correct, 2.0 ± 0.5 s (hands)' for reports and tables."""
        return (f">= {self.accuracy_target:.0%} correct, {self.rt_mean_ms / 1000:.1f} ± "
                f"{self.rt_sd_ms / 1000:.1f} s")

    @property
    def patient_words(self) -> str:
        """The norm as a person reads it on their summary: 'People without neck pain
        usually get at least 8 in 10 right and answer in about 1.6 seconds.' (Why: the
        number alone means nothing to a patient; whose number it is does.)"""
        tenths = round(self.accuracy_target * 10)
        seconds = f"{round(self.rt_mean_ms / 1000, 1):g}"
        return (f"People without {self.body_part} pain usually get at least {tenths} in 10 "
                f"right and answer in about {seconds} seconds.")


# A median faster than this cannot be a judgement of a rotated limb: flag it.
TOO_FAST_MS = 500.0

_ACCURACY = 0.80  # NOI / EFIC: at least 80 % correct on each side, every body part

HAND = LateralityNorm("hand", _ACCURACY, 2000.0, 500.0,
                      "NOI Recognise hands guidance (2.0 ± 0.5 s, >= 80 %); EFIC CRPS pages")
FOOT = LateralityNorm("foot", _ACCURACY, 2000.0, 500.0,
                      "NOI Recognise feet guidance (2.0 ± 0.5 s, >= 80 %)")
KNEE = LateralityNorm("knee", _ACCURACY, 2000.0, 500.0,
                      "NOI Recognise knee guidance (about 2.0 s); Stanton 2012 (knee OA)")
NECK = LateralityNorm("neck", _ACCURACY, 1600.0, 500.0,
                      "Wallwork 2013, healthy people, neck (1.6 ± 0.5 s)")
BACK = LateralityNorm("back", _ACCURACY, 1600.0, 500.0,
                      "Wallwork 2013, healthy people, back (1.6 ± 0.5 s)")
SHOULDER = LateralityNorm("shoulder", _ACCURACY, 1738.0, 741.0,
                          "Breckenridge 2017 shoulder LRJT, healthy people "
                          "(93.5 ± 9.2 % correct, 1.738 ± 0.741 s); target >= 80 % as NOI")

NORMS: dict[str, LateralityNorm] = {n.body_part: n for n in
                                    (HAND, FOOT, KNEE, NECK, BACK, SHOULDER)}

# The former single norm (kept as a name: hands and feet share the same band).
HAND_FOOT = HAND


def norm_for(body_part: str) -> LateralityNorm:
    """The norm of `body_part`; an unknown part gets the hand band, named as such."""
    return NORMS.get(body_part, HAND)


# Smallest detectable change of the laterality task (LRJT reliability studies):
# a difference smaller than the lower bound may be noise; beyond the upper
# bound it is a change even on the least reliable measurements.
SDC_RT_MS = (190.0, 490.0)
SDC_ACCURACY = (0.05, 0.14)

# Practice effect of repeated laterality testing in healthy people: about
# 8-20 % faster over three weeks without any change in the body. A response
# time gain inside this range is not called clinical change on its own.
PRACTICE_EFFECT_RT = (0.08, 0.20)

# Pain NRS change that matters (Farrar 2001): about 1 point or 15 %;
# "much better" is 2 points or 33 %.
PAIN_MEANINGFUL = (1.0, 0.15)
PAIN_MUCH_BETTER = (2.0, 0.33)
