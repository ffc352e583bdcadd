"""`gmi bench --only schedule`: building a 400-trial laterality schedule.

The schedule is built on the GUI thread when a session starts (the issue's
goal: under 20 ms for 400 trials). The reference, measured in the same run,
is shuffling a 400-item list with `random.Random`: the least any random
order of 400 trials costs.
"""

from __future__ import annotations

import random

from gmi.bench.measure import ms, row, timed_ns

TRIALS = 400


def bench_schedule(seeds: int) -> list[str]:
    from gmi.model.laterality import make_schedule

    items = list(range(TRIALS))
    ref: list[int] = []
    for seed in range(seeds):
        rng = random.Random(seed)
        ref += timed_ns(lambda rng=rng: rng.shuffle(items), 1)
    samples: list[int] = []
    for seed in range(seeds):
        samples += timed_ns(
            lambda seed=seed: make_schedule(TRIALS, 0, 8, ["back", "palm"], seed), 1)
    return [f"schedule: {TRIALS} laterality trials (8 angles, back and palm), "
            f"median over {seeds} seeds",
            row(f"random.Random.shuffle of {TRIALS} items (reference)", ref, None),
            row("make_schedule (goal: median < 20 ms)", samples, ms(ref)[0])]
