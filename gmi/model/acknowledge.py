"""The sentence at the end of a block: one concrete, true thing from the data.

"Well done" alone is empty; "40 pictures done; right hand 85 % correct, up
from 78 % last week. 3 days in a row." is something a person can hold on to.
Only real improvements are named: at least the smallest detectable change
(SDC_ACCURACY, DESIGN.md section 6) over at least MIN_NOW answers now and
MIN_BASELINE last week, so chance alone rarely passes for progress. A worse
number is never offered as a win, and nothing is compared to make the
person feel behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from gmi.model.norms import SDC_ACCURACY
from gmi.model.stages import Stage
from gmi.model.words import counted

MIN_BASELINE = 10  # answers per side last week before a comparison means anything
MIN_NOW = 10  # answers per side in this block
MIN_GAIN = SDC_ACCURACY[0]  # the smallest change the test can tell from noise


def _map(value: object) -> Mapping[str, Any]:
    """A summary's section, or nothing when the journal held something else there."""
    return value if isinstance(value, Mapping) else {}


def _number(value: object) -> float:
    """A count or amount from a summary; 0 for anything that is not a finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return value if 0 <= value < 1e9 else 0


def pooled_by_side(summaries: Iterable[Mapping[str, Any]]) -> dict[str, tuple[int, int]]:
    """(answers, correct) per side, pooled over laterality end summaries."""
    pooled: dict[str, tuple[int, int]] = {}
    for summary in summaries:
        for side, group in _map(_map(summary).get("by_side")).items():
            n, correct = pooled.get(side, (0, 0))
            group = _map(group)
            pooled[side] = (n + int(_number(group.get("n"))),
                            correct + int(_number(group.get("correct"))))
    return pooled


def _laterality_words(summary: Mapping[str, Any], last_week: list[Mapping[str, Any]],
                      body_part: str) -> list[str]:
    overall = _map(summary.get("overall"))
    n = int(_number(overall.get("n")))
    if not n:
        return []
    words = [f"{counted(n, 'picture')} done"]  # "pictures", as the stage says
    before = pooled_by_side(last_week)
    best: tuple[float, str, float, float] | None = None
    for side, (now_n, now_correct) in pooled_by_side([summary]).items():
        then_n, then_correct = before.get(side, (0, 0))
        if now_n < MIN_NOW or then_n < MIN_BASELINE:
            continue
        now, then = now_correct / now_n, then_correct / then_n
        if now_correct > now_n or then_correct > then_n:
            continue  # more right than answered: a damaged summary names no gain
        if now - then >= MIN_GAIN - 1e-9 and (best is None or now - then > best[0]):
            best = (now - then, side, now, then)
    if best is not None:
        _, side, now, then = best
        words.append(f"{side} {body_part} {round(100 * now)} % correct, up from "
                     f"{round(100 * then)} % last week")
    elif 0.8 <= _number(overall.get("accuracy")) <= 1:
        words.append(f"{round(100 * _number(overall['accuracy']))} % answered correctly")
    return words


def _block_words(stage: Stage, summary: Mapping[str, Any], last_week: list[Mapping[str, Any]],
                 body_part: str) -> list[str]:
    if stage == "laterality":
        return _laterality_words(summary, last_week, body_part)
    if stage == "imagery":
        images = int(_number(summary.get("images_done")))
        reps = int(_number(summary.get("repetitions_done")))
        if not images:
            return []
        return [f"{counted(images, 'position')} imagined, {counted(reps, 'time')} in all"]
    if stage == "mirror":
        minutes = float(_number(summary.get("minutes_done")))
        moves = int(_number(summary.get("prompts_completed")))
        if minutes < 0.5:
            return []
        whole = max(1, round(minutes))
        moved = f", {counted(moves, 'guided movement')}" if moves else ""
        return [f"{counted(whole, 'minute')} of mirror practice{moved}"]
    exercises = summary.get("exercises")
    reps = sum(int(_number(_map(e).get("reps")))
               for e in (exercises if isinstance(exercises, list) else []))
    return [f"{counted(reps, 'repetition')} counted"] if reps else []


def acknowledgement(stage: Stage, summary: Mapping[str, Any], *,
                    last_week: list[Mapping[str, Any]], in_a_row: int, days_total: int,
                    body_part: str = "hand", mode: str = "normal") -> str:
    """One or two short sentences naming what this block really did.

    `last_week`: end summaries of this stage's completed sessions in the seven
    days before today. `in_a_row` and `days_total` include today. Empty when
    the block did nothing worth naming.
    """
    block = _block_words(stage, _map(summary), [_map(s) for s in last_week], body_part)
    if not block:  # nothing was done: nothing to name, and no streak to claim
        return ""
    sentences = ["You practised on a hard day, and that counts."] if mode == "flare" else []
    text = "; ".join(block)
    sentences.append(text[0].upper() + text[1:] + ".")
    if in_a_row >= 2:
        sentences.append(f"{in_a_row} days in a row.")
    elif days_total >= 2:
        sentences.append(f"{days_total} days of practice so far.")
    return " ".join(sentences)
