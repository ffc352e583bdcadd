"""`gmi bench --only stimuli`: drawing one new 512 px picture (no cache) against a
memcpy of one 1080p frame: the WebXR hand (tracking videos), the MakeHuman
hand with forearm, the MakeHuman foot, and the whole MakeHuman figure
cropped for a neck, back, shoulder or knee (laterality pictures)."""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Callable, Sequence

from gmi.bench.measure import memcpy_reference, ms, row

ANGLES = (0, 45, 135, 270)


def _samples(draw: Callable, postures: Sequence, views: Sequence[str], repeats: int,
             angles: Sequence[int] = ANGLES) -> list[int]:
    from gmi.stimuli.shading import SKIN_TONES

    draw(postures[0], "right", views[0], 0, "medium", 512)  # load the mesh once, as the app does
    # the posture changes fastest: every posture (a knee's seated ones on their
    # chair too) is in the sample however few the repeats
    combos = ((p, side, view, angle, skin) for skin, angle, view, side, p in itertools.cycle(
        itertools.product(SKIN_TONES, angles, views, ("left", "right"), postures)))
    samples = []
    for _ in range(repeats):
        posture, side, view, angle, skin = next(combos)
        t0 = time.perf_counter_ns()
        draw(posture, side, view, angle, skin, 512)
        samples.append(time.perf_counter_ns() - t0)
    return samples


def bench_stimuli(repeats: int) -> list[str]:
    from gmi.model.posture import figure_postures, foot_postures, hand_postures
    from gmi.model.posture_library import rotation_limit
    from gmi.model.stages import FIGURE_PARTS
    from gmi.stimuli.render import (
        FIGURE_VIEWS,
        FOOT_VIEWS,
        HAND_VIEWS,
        render_arm,
        render_figure,
        render_foot,
        render_hand,
    )

    lines = [f"stimuli: one new 512 px picture, drawn without cache, n={repeats}"]
    hands = list(hand_postures().values())
    feet = list(foot_postures().values())
    timings = [
        ("render_hand 512 px, WebXR hand (goal: median < 50 ms)",
         _samples(render_hand, hands, HAND_VIEWS, repeats)),
        ("render_arm 512 px, hand with forearm (goal: median < 50 ms)",
         _samples(render_arm, hands, HAND_VIEWS, repeats)),
        ("render_foot 512 px, foot and leg (goal: median < 50 ms)",
         _samples(render_foot, feet, FOOT_VIEWS, repeats)),
    ]
    for part in FIGURE_PARTS:
        draw = functools.partial(render_figure, part)
        allowed = [a for a in ANGLES if rotation_limit(part).allows(a)]  # as a patient sees
        timings.append((f"render_figure 512 px, {part} (goal: median < 80 ms)",
                        _samples(draw, list(figure_postures(part).values()), FIGURE_VIEWS,
                                 repeats, allowed)))
    seated = [p for p in figure_postures("knee").values() if p.seated]
    if seated:
        timings.append(("render_figure 512 px, knee seated on its chair (goal: median < 80 ms)",
                        _samples(functools.partial(render_figure, "knee"), seated, FIGURE_VIEWS,
                                 repeats)))
    ref = memcpy_reference()
    lines.append(row("memcpy of one 1920x1080 BGR frame (reference)", ref, None))
    lines += [row(label, samples, ms(ref)[0]) for label, samples in timings]
    return lines
