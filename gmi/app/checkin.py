"""The daily check-in as a session: each answer kept at once, the card noted.

Every answer is optional and saved as soon as it is given, so a check-in
closed halfway still counts what was answered. An education card offered at
the end is recorded as offered when shown, then as read or skipped. A save
that fails never stops practice: the problem is kept as one plain sentence.
"""

from __future__ import annotations

from typing import Literal

from gmi.model.checkin import CheckIn
from gmi.model.education import Card
from gmi.store.checkins import CheckInStore
from gmi.store.errors import StoreError

Question = Literal["pain_now", "sleep", "waking", "woken_by_pain"]
HIGH_PAIN = 6  # from this pain (0-10), a gentler session is offered


def gentle_advised(record: CheckIn) -> bool:
    """A hard day by the check-in: pain of 6 or more now, or pain woke the person."""
    return (record.pain_now is not None and record.pain_now >= HIGH_PAIN) \
        or record.woken_by_pain is True


class CheckInSession:
    def __init__(self, store: CheckInStore, card: Card | None = None) -> None:
        self.store = store
        self.card = card
        self.record: CheckIn = store.begin()
        self.problem = ""

    def answer(self, question: Question, value: object) -> None:
        """Keep one answer (None: not answered, nothing is written)."""
        if value is not None:
            self._save(self.record.model_copy(update={question: value}))

    def card_shown(self) -> None:
        if self.card is not None:
            self._save(self.record.model_copy(update={"card_id": self.card.id}))

    def card_answered(self, read: bool) -> None:
        self._save(self.record.model_copy(update={"card_read": read}))

    def not_today(self) -> None:
        """'Not today': a check-in with no answer is kept as consciously skipped."""
        if self.record.answered == 0:
            self._save(self.record.model_copy(update={"skipped": True}))
        else:
            self._save(self.record)

    def _save(self, record: CheckIn) -> None:
        # validate the change before it is kept: model_copy does not validate
        self.record = CheckIn.model_validate(record.model_dump())
        try:
            self.store.save(self.record)
        except StoreError as exc:  # practice still goes on; say so once, plainly
            self.problem = f"The check-in could not be saved: {exc.message}"
