"""A PIN the patient cannot take: set twice-typed, changed with the old one, reset
with a recovery code shown once; wrong answers change nothing."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from gmi.store import DataStore
from gmi.store.changelog import log_file, read_changes, record_change
from gmi.store.pin import PinError, change_pin, check_pin, reset_pin, set_pin


def test_set_needs_the_same_pin_twice_and_stores_only_hashes() -> None:
    with pytest.raises(PinError) as mismatch:
        set_pin("", "4711", "4712")
    assert mismatch.value.field == "repeat"
    with pytest.raises(PinError) as short:
        set_pin("", "12", "12")
    assert short.value.field == "new"
    update = set_pin("", "4711", "4711")
    assert check_pin("4711", update.pin_hash) and "4711" not in update.pin_hash
    assert update.recovery_code not in update.recovery_hash
    assert check_pin(update.recovery_code.replace("-", ""), update.recovery_hash)
    with pytest.raises(PinError):
        set_pin(update.pin_hash, "1234", "1234")  # a set PIN is never simply replaced


def test_change_needs_the_old_pin_and_a_wrong_one_changes_nothing() -> None:
    first = set_pin("", "4711", "4711")
    with pytest.raises(PinError) as wrong:
        change_pin(first.pin_hash, "0000", "2468", "2468")
    assert wrong.value.field == "old" and "nothing was changed" in wrong.value.message
    changed = change_pin(first.pin_hash, "4711", "2468", "2468")
    assert check_pin("2468", changed.pin_hash) and not check_pin("4711", changed.pin_hash)


def test_reset_needs_the_recovery_code_which_is_then_used_up() -> None:
    first = set_pin("", "4711", "4711")
    with pytest.raises(PinError) as wrong:
        reset_pin(first.recovery_hash, "AAAA-BBBB-CCCC", "2468", "2468")
    assert wrong.value.field == "recovery"
    reset = reset_pin(first.recovery_hash, first.recovery_code.lower(), "2468", "2468")
    assert check_pin("2468", reset.pin_hash)
    assert reset.recovery_code != first.recovery_code
    with pytest.raises(PinError):  # the old code no longer opens the new record
        reset_pin(reset.recovery_hash, first.recovery_code, "1357", "1357")


def test_the_log_keeps_pin_and_programme_changes_and_skips_a_damaged_line(
        store: DataStore) -> None:
    when = datetime(2026, 11, 2, 10, tzinfo=timezone.utc)
    record_change(store.layout, "PIN set", at=when)
    record_change(store.layout, "programme edited", "p-1", "trials 40 -> 60", at=when)
    with log_file(store.layout).open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    record_change(store.layout, "programme file applied", "p-2", "from clinic.toml", at=when)
    mine = read_changes(store.layout, "p-1")
    assert [c.how for c in mine] == ["PIN set", "programme edited"]
    assert mine[1].detail == "trials 40 -> 60"
