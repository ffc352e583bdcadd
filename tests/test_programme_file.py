"""A programme sent back by the therapist: changes in words, the PIN, then applied."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QLabel
from test_ui_shell import make_window

from gmi.model.presets import presets
from gmi.model.protocol import protocol_to_toml
from gmi.model.protocol_diff import describe_changes
from gmi.store import DataStore
from gmi.store.pin import hash_pin
from gmi.store.protocols import CUSTOM, active_protocol
from gmi.ui.programme_file import ProgrammeFileDialog

STANDARD = presets()["hand-standard"]


def changed(**updates):
    """The standard hand programme with some sections changed."""
    out = STANDARD
    for section, values in updates.items():
        if isinstance(values, dict):
            out = out.model_copy(update={section: getattr(out, section).model_copy(
                update=values)})
        else:
            out = out.model_copy(update={section: values})
    return out


def test_changes_are_listed_in_words_old_then_new() -> None:
    new = changed(sessions_per_day=1, stages=["laterality", "imagery"],
                  laterality={"trials": 60, "views": ["back", "palm", "side"]},
                  imagery={"hold_s": 15.0})
    lines = describe_changes(STANDARD, new)
    assert "Stages taken out: Mirror practice, Move with the camera" in lines
    assert "Sessions a day: 2 → 1" in lines
    assert "Pictures per session (Left or right?): 40 → 60" in lines
    assert "Views (Left or right?): back, palm → back, palm, side" in lines
    assert "Seconds to hold (Imagine the movement): 10 → 15" in lines
    assert any(line.startswith("Left or right? takes about") for line in lines)
    assert describe_changes(STANDARD, STANDARD) == []


@settings(max_examples=40)
@given(trials=st.integers(1, 400), minutes=st.floats(0.5, 60), per_day=st.integers(1, 10))
def test_every_difference_is_named_and_nothing_else(trials: int, minutes: float,
                                                    per_day: int) -> None:
    new = changed(laterality={"trials": trials}, mirror={"minutes": minutes},
                  sessions_per_day=per_day)
    lines = describe_changes(STANDARD, new)
    assert any(line.startswith("Pictures per session") for line in lines) == (trials != 40)
    assert any(line.startswith("Minutes (Mirror") for line in lines) == (minutes != 10.0)
    assert any(line.startswith("Sessions a day") for line in lines) == (per_day != 2)
    allowed = ("Pictures per session", "Minutes (Mirror", "Sessions a day",
               "Left or right? takes", "Mirror practice takes")
    assert all(line.startswith(allowed) for line in lines), lines  # and nothing else


def write_programme(tmp_path: Path, protocol, name: str = "for-anna.toml") -> Path:
    path = tmp_path / name
    path.write_text(protocol_to_toml(protocol), encoding="utf-8")
    return path


def folder_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def with_pin(store: DataStore, pin: str = "2468") -> None:
    store.save_settings(store.load_settings().model_copy(update={"therapist_pin": hash_pin(pin)}))


def test_the_pin_is_asked_before_anything_changes(qtbot, store: DataStore, tmp_path) -> None:
    profile = store.profiles.create("P-1", "hand", "right", name="Anna")
    with_pin(store)
    new = changed(id="anna-week-3", title="Anna, week 3", laterality={"trials": 60})
    dialog = ProgrammeFileDialog(store, profile, write_programme(tmp_path, new))
    qtbot.addWidget(dialog)
    shown = "\n".join(w.text() for w in dialog.findChildren(QLabel))
    assert "Pictures per session (Left or right?): 40 → 60" in shown
    assert "Name of the programme: Hand: standard programme → Anna, week 3" in shown
    before = folder_bytes(store.root.path)
    dialog.pin_edit.setText("1111")
    assert not dialog.apply()
    assert "not right" in dialog.pin_error.text()
    assert folder_bytes(store.root.path) == before  # a wrong PIN changes nothing

    applied = []
    dialog.applied.connect(applied.append)
    dialog.pin_edit.setText("2468")
    assert dialog.apply()
    [saved] = applied
    assert saved.protocol == CUSTOM
    assert active_protocol(store.layout, store.profiles.get(profile.id)).laterality.trials == 60


def test_a_wrong_or_broken_file_cannot_be_applied(qtbot, store: DataStore, tmp_path) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    with_pin(store)
    foot = write_programme(tmp_path, presets()["foot-standard"], "foot.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = 1\nid = \"x\"\ntitle = \n", encoding="utf-8")
    same = write_programme(tmp_path, STANDARD)
    for path, words in [(foot, "This programme is for a foot"),
                        (broken, "This file cannot be used"),
                        (same, "nothing changes")]:
        dialog = ProgrammeFileDialog(store, profile, path)
        qtbot.addWidget(dialog)
        assert words in "\n".join(w.text() for w in dialog.findChildren(QLabel))
        assert not dialog.apply_button.isEnabled() and not dialog.apply()


def test_without_a_pin_on_this_computer_nothing_is_applied(qtbot, store: DataStore,
                                                           tmp_path) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    dialog = ProgrammeFileDialog(store, profile,
                                 write_programme(tmp_path, changed(sessions_per_day=1)))
    qtbot.addWidget(dialog)
    assert "No therapist PIN is set" in dialog.pin_error.text()
    assert not dialog.apply_button.isEnabled() and not dialog.apply()


def test_applied_from_settings_home_shows_the_new_programme(qtbot, store: DataStore,
                                                             tmp_path) -> None:
    store.profiles.create("P-1", "hand", "right")
    with_pin(store)
    window = make_window(qtbot, store)
    window.show_settings()
    screen = window.settings_screen
    assert screen.programme_button.isEnabled()
    path = write_programme(tmp_path, changed(id="short", title="Short days", sessions_per_day=1,
                                             stages=["laterality"]))
    screen.apply_programme_file(str(path))
    dialog = screen.programme_dialog
    assert dialog.isVisible()
    dialog.pin_edit.setText("2468")
    dialog.apply_button.click()
    assert not dialog.isVisible()
    window.show_home()
    assert window.day.overview.protocol.title == "Short days"
    assert window.day.overview.plan.rounds_planned == 1


def test_the_therapist_editor_shows_the_changes_of_an_imported_file(qtbot, store: DataStore,
                                                                     tmp_path) -> None:
    from gmi.ui.therapist import TherapistScreen

    profile = store.profiles.create("P-1", "hand", "right")
    with_pin(store)
    screen = TherapistScreen(store)
    qtbot.addWidget(screen)
    screen.set_profile(profile)
    screen.pin_edit.setText("2468")
    assert screen.unlock()
    screen.import_file(str(write_programme(tmp_path, changed(imagery={"images": 4}))))
    text = screen.preview_label.text()
    assert "Compared with the current programme:" in text
    assert "Positions per session (Imagine the movement): 6 → 4" in text
