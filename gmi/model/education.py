"""Pain-education cards: short texts in plain language, kept as data files.

Cards live in ``assets/cards/*.toml`` so a therapist can add, edit or
translate them without touching code. A card with a mistake is named and
skipped; one bad file never hides the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gmi.model.toml import tomllib
from gmi.model.validation import describe

CARD_SCHEMA_VERSION = 1
MAX_WORDS = 120
Topic = Literal["how pain works", "graded steps", "daily practice", "setbacks", "sleep",
                "living with it"]


class Card(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = Field(ge=1, le=CARD_SCHEMA_VERSION)
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)
    title: str = Field(min_length=1, max_length=60)
    topic: Topic
    body: str = Field(min_length=1)

    @field_validator("body")
    @classmethod
    def _short(cls, body: str) -> str:
        words = len(body.split())
        if words > MAX_WORDS:
            raise ValueError(f"should be at most {MAX_WORDS} words (it has {words})")
        return body.strip()

    @property
    def paragraphs(self) -> list[str]:
        """Paragraphs with the file's line breaks inside them joined up."""
        return [" ".join(p.split()) for p in re.split(r"\n\s*\n", self.body) if p.strip()]


@dataclass(frozen=True)
class CardProblem:
    file: str
    problem: str

    @property
    def text(self) -> str:
        return f"The card file {self.file} was skipped: {self.problem}."


def parse_card(text: str, file: str) -> Card:
    """One card from TOML text; ValueError names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"it is not valid TOML ({exc})") from exc
    try:
        return Card.model_validate(data)
    except ValidationError as exc:
        raise ValueError(describe(exc)) from exc


def load_cards(folder: Traversable) -> tuple[list[Card], list[CardProblem]]:
    """Every readable card in file-name order, and a problem for each one skipped."""
    cards: list[Card] = []
    problems: list[CardProblem] = []
    seen: set[str] = set()
    if not folder.is_dir():
        return cards, [CardProblem(str(folder), "the cards folder is missing")]
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            card = parse_card(entry.read_bytes().decode("utf-8-sig"), entry.name)
        except UnicodeDecodeError:
            problems.append(CardProblem(entry.name, "it is not UTF-8 text"))
            continue
        except (ValueError, OSError) as exc:
            problems.append(CardProblem(entry.name, str(exc)))
            continue
        if card.id in seen:
            problems.append(CardProblem(entry.name, f"another card already uses the id "
                                                    f"'{card.id}'"))
            continue
        seen.add(card.id)
        cards.append(card)
    return cards, problems


def card_for_day(cards: list[Card], day_number: int, read: set[str] | frozenset[str] = frozenset(),
                 skipped: set[str] | frozenset[str] = frozenset()) -> Card | None:
    """The card to offer today: the first one never offered, then the skipped ones,
    then one in turn. A card skipped once is not offered again until the others
    have had their turn, so one unwanted card never blocks all the rest."""
    if not cards:
        return None
    fresh = [c for c in cards if c.id not in read and c.id not in skipped]
    if fresh:
        return fresh[0]
    unread = [c for c in cards if c.id not in read]
    if unread:
        return unread[day_number % len(unread)]
    return cards[day_number % len(cards)]
