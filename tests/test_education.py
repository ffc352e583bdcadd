"""Pain-education cards: the shipped set, and bad files named and skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gmi.model.education import MAX_WORDS, card_for_day, load_cards, parse_card
from gmi.resources import asset

GOOD = '''schema_version = 1
id = "small-steps"
title = "Small steps count"
topic = "daily practice"
body = """
One line
that wraps.

Second paragraph.
"""
'''


def test_the_shipped_cards_all_load_and_are_short() -> None:
    cards, problems = load_cards(asset("cards"))
    assert problems == []
    assert len(cards) >= 12
    assert len({c.id for c in cards}) == len(cards)
    assert all(len(c.body.split()) < MAX_WORDS for c in cards)
    topics = {c.topic for c in cards}
    assert {"how pain works", "graded steps", "daily practice", "setbacks", "sleep"} <= topics


def test_paragraphs_join_wrapped_lines() -> None:
    card = parse_card(GOOD, "x.toml")
    assert card.paragraphs == ["One line that wraps.", "Second paragraph."]


def test_a_broken_card_is_named_and_the_others_still_show(tmp_path: Path) -> None:
    (tmp_path / "01-good.toml").write_text(GOOD)
    (tmp_path / "02-syntax.toml").write_text('title = "unclosed\n')
    (tmp_path / "03-long.toml").write_text(GOOD.replace("small-steps", "long").replace(
        "Second paragraph.", "word " * 130))
    (tmp_path / "04-dup.toml").write_text(GOOD)
    (tmp_path / "05-latin1.toml").write_bytes(GOOD.replace("One", "Caf\xe9").encode("latin-1"))
    (tmp_path / "06-topic.toml").write_text(GOOD.replace("small-steps", "t").replace(
        "daily practice", "cures"))
    (tmp_path / "notes.txt").write_text("ignored")
    cards, problems = load_cards(tmp_path)
    assert [c.id for c in cards] == ["small-steps"]
    why = {p.file: p.problem for p in problems}
    assert "not valid TOML" in why["02-syntax.toml"]
    assert "at most 120 words" in why["03-long.toml"]
    assert "already uses the id 'small-steps'" in why["04-dup.toml"]
    assert "not UTF-8" in why["05-latin1.toml"]
    assert "field 'topic'" in why["06-topic.toml"]
    assert problems[0].text.startswith("The card file 02-syntax.toml was skipped")


def test_a_missing_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    cards, problems = load_cards(tmp_path / "nope")
    assert cards == [] and "missing" in problems[0].problem


@given(st.text(max_size=300))
def test_any_text_either_parses_or_says_why(text: str) -> None:
    try:
        card = parse_card(text, "fuzz.toml")
    except ValueError as exc:
        assert str(exc)
    else:
        assert card.id and card.title


def test_unread_cards_come_first_then_in_turn() -> None:
    cards, _ = load_cards(asset("cards"))
    assert card_for_day(cards, 0) == cards[0]
    assert card_for_day(cards, 5, {cards[0].id}) == cards[1]
    everything = {c.id for c in cards}
    assert card_for_day(cards, len(cards) + 2, everything) == cards[2]
    assert card_for_day([], 3) is None
    skipped = {cards[0].id}  # skipped once: the others come first, it is not lost
    assert card_for_day(cards, 0, set(), skipped) == cards[1]
    rest = {c.id for c in cards[1:]}
    assert card_for_day(cards, 7, rest, skipped) == cards[0]


@pytest.mark.parametrize("field", ["schema_version = 2", 'id = "Bad Id"', 'title = ""'])
def test_wrong_fields_are_refused(field: str) -> None:
    key = field.split(" =")[0]
    text = "\n".join(field if line.startswith(key + " =") else line
                     for line in GOOD.splitlines())
    with pytest.raises(ValueError, match=f"field '{key}'"):
        parse_card(text, "x.toml")


def test_cards_are_browsed_from_home(qtbot, store) -> None:
    from gmi.ui.main_window import MainWindow

    store.profiles.create("P-1", "hand", "right")
    window = MainWindow(store, stage_screens={}, welcome=False)
    qtbot.addWidget(window)
    window.show()
    window.home_screen.cards_button.click()
    dialog = window.home_screen.cards_dialog
    assert dialog.isVisible() and dialog.counter.text().startswith("Card 1 of ")
    assert not dialog.previous_button.isEnabled()
    first = dialog.current
    dialog.next_button.click()
    assert dialog.current != first and dialog.previous_button.isEnabled()
    from PySide6.QtCore import Qt

    qtbot.keyClick(dialog, Qt.Key.Key_Left)
    assert dialog.current == first
    dialog.show_card(10_000)
    assert not dialog.next_button.isEnabled()
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_the_browser_names_a_broken_card_and_shows_the_rest(qtbot, tmp_path: Path) -> None:
    from gmi.ui.cards import CardsDialog

    (tmp_path / "01-good.toml").write_text(GOOD)
    (tmp_path / "02-bad.toml").write_text("id = ")
    dialog = CardsDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.counter.text() == "Card 1 of 1 · daily practice"
    assert "02-bad.toml was skipped" in dialog.problem_label.text()
    empty = CardsDialog(tmp_path / "none")
    qtbot.addWidget(empty)
    assert empty.current is None and not empty.next_button.isEnabled()
