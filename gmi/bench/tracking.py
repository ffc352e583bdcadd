"""`gmi bench --only tracking`: the tracker measured against ground truth.

- counts: repetitions counted on clips whose true count is known (rendered
  open-close in dim light with the hand entering and leaving; the real
  still-hand clip), for the old squashed input and the aspect-kept defaults;
- ground truth: joint-angle error and posture identification on rendered
  postures at known angles, and finger states on the labelled real photos;
- speed: the tracker's rate beside a 30 fps mirror (gmi.bench.mirror);
- the body (gmi.bench.tracking_pose): MediaPipe Pose on the rendered figure
  moving at known angles: counts, joint-angle error, bad input, speed.
"""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def tracking_section(quick: bool) -> list[str]:
    from gmi.bench.mirror import tracking_report
    from gmi.bench.tracking_counts import counts_report
    from gmi.bench.tracking_pose import pose_report
    from gmi.bench.tracking_truth import truth_report

    lines = counts_report(SHARED, quick)
    lines += truth_report(SHARED, quick)
    lines += tracking_report(seconds=3.0 if quick else 10.0)
    lines += pose_report(quick)
    return lines
