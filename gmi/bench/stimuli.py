"""`gmi bench --only stimuli`: drawing one new 512 px hand (no cache) against a
memcpy of one 1080p frame."""

from __future__ import annotations

import itertools
import time

from gmi.bench.measure import memcpy_reference, ms, row


def bench_stimuli(repeats: int) -> list[str]:
    from gmi.model.posture import hand_postures
    from gmi.stimuli.render import HAND_VIEWS, render_hand
    from gmi.stimuli.shading import SKIN_TONES

    lines = [f"stimuli: one new 512 px hand, drawn without cache, n={repeats}"]
    postures = list(hand_postures().values())
    render_hand(postures[0])  # load the mesh once, as the app does at start
    combos = itertools.cycle(itertools.product(postures, ("left", "right"), HAND_VIEWS,
                                               (0, 45, 135, 270), SKIN_TONES))
    samples = []
    for _ in range(repeats):
        posture, side, view, angle, skin = next(combos)
        t0 = time.perf_counter_ns()
        render_hand(posture, side, view, angle, skin, 512)
        samples.append(time.perf_counter_ns() - t0)
    ref = memcpy_reference()
    lines.append(row("memcpy of one 1920x1080 BGR frame (reference)", ref, None))
    lines.append(row("render_hand 512 px (goal: median < 50 ms)", samples, ms(ref)[0]))
    return lines
