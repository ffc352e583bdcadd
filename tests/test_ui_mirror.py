"""Stage 3 driven through the real screen with synthetic and file cameras."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import only_journal, rate
from PySide6.QtCore import Qt

from gmi.app.stage import StageContext
from gmi.model.mirror_session import MirrorProgress, clock
from gmi.model.protocol import parse_protocol
from gmi.store import DataStore
from gmi.store.settings import AppSettings
from gmi.ui.mirror import MirrorScreen
from gmi.vision.camera import SyntheticSource, VideoFileSource

PROTOCOL = """schema_version = 1
id = "t"
title = "T"
body_part = "hand"
[mirror]
mode = "split"
minutes = 0.04
prompts = ["Open and close your hand.", "Spread your fingers."]
pain_before_after = true
"""


def make_screen(qtbot, store: DataStore, source, text: str = PROTOCOL) -> MirrorScreen:
    profile = store.profiles.create("P-1", "hand", "right")
    context = StageContext(profile, parse_protocol(text), store.sessions(profile.id),
                           AppSettings(chime=False))
    screen = MirrorScreen(context, source=source, use_camera_setting=False)
    qtbot.addWidget(screen)
    screen.resize(900, 700)
    screen.show()
    qtbot.waitExposed(screen)
    return screen




@pytest.mark.slow
def test_a_timed_session_with_prompts_is_journaled(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store, SyntheticSource(320, 240, fps=30))
    rate(qtbot, screen.pain_before, 5)
    assert screen.pages.currentWidget() is screen.practice_page
    qtbot.waitUntil(lambda: screen.video.painted_frames > 5, timeout=5000)
    assert screen.prompt_label.text() == "Open and close your hand."
    qtbot.keyClick(screen, Qt.Key.Key_Return)
    assert screen.prompt_label.text() == "Spread your fingers."
    screen.done_button.click()
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.pain_after, timeout=8000)
    rate(qtbot, screen.pain_after, 3)

    contents = only_journal(store)
    assert contents.end.outcome == "completed"
    kinds = [e.kind for e in contents.events]
    assert kinds.count("prompt_done") == 2 and "mode" in kinds
    assert [e.data["text"] for e in contents.events if e.kind == "prompt_done"] == [
        "Open and close your hand.", "Spread your fingers."]
    summary = contents.end.summary
    assert summary["minutes_done"] == 0.04 and summary["prompts_completed"] == 2
    assert summary["pain_change"] == "much better"
    # camera pictures are never written: only the profile and the journal exist
    files = [p for p in store.root.path.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} <= {".json", ".jsonl"}
    assert screen.camera.stats().state == "stopped"


def test_by_default_practice_follows_the_set_up_and_ends_in_the_summary(
        qtbot, store: DataStore) -> None:
    """Pain was rated at the check-in: no pain page before or after."""
    text = PROTOCOL.replace("pain_before_after = true\n", "")
    screen = make_screen(qtbot, store, SyntheticSource(160, 120, fps=30), text)
    screen.ready_button.click()
    assert screen.pages.currentWidget() is screen.practice_page
    qtbot.waitUntil(lambda: screen.session.seconds_done > 0.2, timeout=5000)
    screen.stop_button.click()
    assert screen.pages.currentWidget() is screen.summary_page
    text = " ".join(w.text() for w in screen.summary_page.findChildren(type(screen.prompt_label)))
    assert "pain" not in text.lower()
    contents = only_journal(store)
    assert contents.end.outcome == "stopped"
    assert not [e for e in contents.events if e.kind == "pain"]


@pytest.mark.slow
def test_time_stops_while_paused(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store, SyntheticSource(160, 120, fps=30))
    screen.pain_before.skip_button.click()
    qtbot.waitUntil(lambda: screen.session.seconds_done > 0.3, timeout=5000)
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    paused_at = screen.session.seconds_done
    qtbot.wait(500)
    assert screen.session.seconds_done == paused_at
    assert "Paused" in screen.prompt_label.text()
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: screen.session.seconds_done > paused_at + 0.2, timeout=5000)


@pytest.mark.slow
def test_camera_lost_mid_session_is_said_and_comes_back(qtbot, store: DataStore) -> None:
    source = SyntheticSource(160, 120, fps=30, outage=(0.6, 3.0))
    screen = make_screen(qtbot, store, source, PROTOCOL.replace("0.04", "1.0"))
    screen.pain_before.skip_button.click()
    qtbot.waitUntil(lambda: screen.video.status == "lost", timeout=5000)
    assert "disconnected" in screen.video.status_message
    stalled = screen.session.seconds_done
    qtbot.wait(300)
    assert screen.session.seconds_done - stalled < 0.25  # the away time is not counted
    qtbot.waitUntil(lambda: screen.video.status == "running", timeout=5000)
    frames = screen.video.painted_frames
    qtbot.waitUntil(lambda: screen.video.painted_frames > frames + 3, timeout=5000)
    # the next tick noted it
    qtbot.waitUntil(lambda: screen.session.camera_state == "running", timeout=2000)
    screen.stop_button.click()
    screen.pain_after.skip_button.click()
    states = [e.data["state"] for e in only_journal(store).events if e.kind == "camera"]
    assert "lost" in states and states[-1] == "running"


def test_no_camera_explains_and_nothing_is_counted(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store, None)
    screen.pain_before.skip_button.click()
    qtbot.waitUntil(lambda: screen.video.status == "no camera", timeout=10_000)
    assert "No camera was found" in screen.video.status_message
    assert "work without one" in screen.video.status_message
    assert screen.session.seconds_done == 0


def test_split_mirror_on_a_real_hand_video(qtbot, store: DataStore, shared: Path) -> None:
    video = VideoFileSource(shared / "videos" / "free_gestures_desk_temuge_cam0.mp4")
    screen = make_screen(qtbot, store, video)
    screen.pain_before.skip_button.click()
    qtbot.waitUntil(lambda: screen.video.painted_frames > 10, timeout=8000)
    frame, _ = screen.camera.take()
    assert frame.shape == (720, 720, 3)
    assert screen.session.kernel.keep == "left"  # right hand affected: the left half is kept
    assert (frame[:, :360][:, ::-1] == frame[:, 360:]).all()  # a true mirror image
    where = screen.pause_button.geometry()
    screen.flip_button.click()
    # a stable toolbar: the mirror line stays, greyed; the words follow the mode
    assert screen.session.kernel.mode == "flip" and not screen.split_slider.isEnabled()
    assert screen.split_slider.isVisible() and screen.pause_button.geometry() == where
    assert "whole picture is mirrored" in screen.hint_label.text()
    assert "Watch the right side" not in screen.hint_label.text()
    screen.close()
    assert only_journal(store).interrupted


def test_session_clock_and_minutes() -> None:
    session = MirrorProgress(2, ["a", "b"])
    assert session.tick(59) == 0 and session.tick(2) == 1
    assert session.tick(500) == 1 and session.finished and session.seconds_left == 0
    assert session.prompt_done() == 0 and session.current_prompt == "b"
    assert clock(125) == "2:05" and session.headline() == "2 of 2 minutes · 1 movement done"


@pytest.mark.slow
def test_mirror_bench_measures_real_paints(qtbot) -> None:
    from gmi.ui.mirror_probe import end_to_end, per_frame_costs

    costs = per_frame_costs(repeats=3)
    assert set(costs) == {(640, 480), (1280, 720), (1920, 1080)}
    for rows in costs.values():  # per_frame_costs itself refuses a view that did not paint
        assert all(len(ns) == 3 and min(ns) >= 0 for ns in rows.values())
    latencies, stats, shown = end_to_end(seconds=1.0)
    assert stats.frames >= shown > 0 and len(latencies) == shown
    assert all(ms >= 0 for ms in latencies)


def test_camera_info_overlay_toggles_with_i(qtbot, store: DataStore) -> None:
    from PySide6.QtCore import Qt

    screen = make_screen(qtbot, store, SyntheticSource(160, 120, fps=30))
    screen.pain_before.skip_button.click()
    assert not screen.video.overlay
    qtbot.keyClick(screen, Qt.Key.Key_I)
    assert screen.video.overlay
    qtbot.waitUntil(lambda: screen.video.painted_frames > 10, timeout=5000)
    fps, latency = screen.video.overlay_text().split(" · ")
    assert float(fps.split()[0]) > 0 and latency.endswith(" ms")
    qtbot.keyClick(screen, Qt.Key.Key_I)
    assert not screen.video.overlay


def test_back_to_home_from_the_set_up_saves_nothing(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store, SyntheticSource(160, 120, fps=30))
    assert screen.pages.currentWidget() is screen.setup_page
    assert screen.back_button.text() == "Back to Home"
    with qtbot.waitSignal(screen.finished, timeout=5000):
        screen.back_button.click()
    assert not list(store.root.path.rglob("*.jsonl"))
    assert screen.camera.stats().state == "stopped"


def test_a_headline_under_a_minute_is_said_in_seconds() -> None:
    progress = MirrorProgress(10, ["a"])
    progress.tick(30)
    assert progress.headline() == "30 seconds of 10 minutes"  # no "0 movements done"
