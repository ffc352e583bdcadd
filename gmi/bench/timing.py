"""`gmi bench --only timing`: the error of laterality response times (DESIGN.md
section 4), measured in the real screen by `gmi.ui.timing_probe`."""

from __future__ import annotations

from gmi.ui.timing_probe import PAUSE_MS, measure_rt_error


def bench_timing(trials: int) -> list[str]:
    errors, waits = measure_rt_error(trials)
    errors = sorted(errors)
    if not errors:
        return ["timing: no trials were measured"]

    def pct(q: float) -> float:
        return errors[min(len(errors) - 1, round(q * (len(errors) - 1)))]

    return [
        f"timing: response-time error, {len(errors)} key presses injected 300-1500 ms "
        "after onset",
        f"  measured minus true RT: p50 {pct(0.5):.3f} ms   p95 {pct(0.95):.3f} ms   "
        f"p99 {pct(0.99):.3f} ms   max {errors[-1]:.3f} ms   (goal: p99 < 5 ms)",
        f"  next picture after an answer, beyond the {PAUSE_MS} ms fixation: median "
        f"{sorted(waits)[len(waits) // 2] if waits else float('nan'):.1f} ms, worst "
        f"{max(waits, default=float('nan')):.1f} ms over {len(waits)} pictures "
        "(drawn ahead on a worker: no trial waits for a render)",
    ]
