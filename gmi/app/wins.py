"""Gathers what the end-of-block acknowledgement needs from the saved sessions.

The wording lives in `gmi.model.acknowledge`; this reads only the last few
weeks of journals, so the sentence appears at once even after years of use.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from gmi.app.overview import days_practised
from gmi.model.acknowledge import acknowledgement
from gmi.model.practice_days import days_in_a_row, practice_day
from gmi.model.stages import Stage
from gmi.store.sessions import SessionStore

EXACT_DAYS = 40  # journals opened for exact day counting; older days come from file names


def block_acknowledgement(sessions: SessionStore, stage: Stage, summary: dict[str, Any], *,
                          body_part: str, mode: str, today: date) -> str:
    """The acknowledgement for the block that has just ended.

    `today` is the block's own practice day (its recorded start), so a block
    begun before midnight is not counted as a second day. Blocks of `today`
    are never "last week", so this one needs no excluding.
    """
    infos = sessions.list()
    exact_from = today - timedelta(days=EXACT_DAYS)
    opened = sessions.load_all(i for i in infos if i.local_day >= exact_from - timedelta(days=1))
    days = days_practised(infos, opened, exact_from) | {today}
    week_start = today - timedelta(days=7)
    last_week = [
        c.end.summary for c in opened
        if c.header.stage == stage
        and c.end is not None and c.end.outcome == "completed"
        and week_start <= practice_day(c.header.started_at) < today
    ]
    return acknowledgement(stage, summary, last_week=last_week,
                           in_a_row=days_in_a_row(days, today),
                           days_total=len({d for d in days if d <= today}),
                           body_part=body_part, mode=mode)
