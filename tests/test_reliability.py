"""SIGKILL during each stage of a real (scripted) day, then a restart.

Every journal must load: finished sessions complete, the killed one flagged
interrupted with all its lines contiguous, nothing set aside as unreadable.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from gmi.store import DataStore
from gmi.store.paths import DataRoot

pytestmark = pytest.mark.slow  # real processes, killed mid-write

STAGES = ["laterality", "imagery", "mirror", "tracking"]


# Lines the killed stage's journal holds (header included) before the kill: a
# few of its events are saved and most of the stage is still to come.
LINES_BEFORE_KILL = {"laterality": 4, "imagery": 3, "mirror": 4, "tracking": 2}
TIMEOUT_S = 180  # generous: tracking first loads MediaPipe, slow on a busy machine


def _wait_for(condition, proc: subprocess.Popen, what: str) -> None:
    """Poll until `condition` holds; fail in words if the demo ends or stalls first."""
    end = time.monotonic() + TIMEOUT_S
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"the demo ended (exit {proc.returncode}) before {what}")
        if time.monotonic() > end:
            proc.kill()
            pytest.fail(f"the demo did not reach {what} within {TIMEOUT_S} s")
        time.sleep(0.02)


def _journal_lines(out: Path, stage: str) -> int:
    """Complete lines in the stage's journal (0 while it does not exist)."""
    paths = list(out.glob(f"profiles/*/sessions/*_{stage}_*.jsonl"))
    return paths[0].read_bytes().count(b"\n") if paths else 0


def kill_during(stage_index: int, out: Path) -> list[str]:
    """Start `gmi demo` and kill it with SIGKILL inside stage `stage_index`, as
    soon as that stage's journal holds LINES_BEFORE_KILL lines."""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    proc = subprocess.Popen([sys.executable, "-m", "gmi", "demo", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    stage = STAGES[stage_index]
    wanted = LINES_BEFORE_KILL[stage]
    try:
        _wait_for(lambda: _journal_lines(out, stage) >= wanted, proc,
                  f"{wanted} lines in the {stage} journal")
    finally:
        proc.kill()  # SIGKILL; does nothing if the demo already ended
        proc.wait(timeout=10)
        reader.join(timeout=10)  # every line printed before the kill is read
    return lines


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize("stage_index", range(4))
def test_sigkill_during_each_stage_keeps_every_line(tmp_path: Path, stage_index: int) -> None:
    printed = kill_during(stage_index, tmp_path)
    # the greeting, the check-in, then one line per finished stage: killed inside the
    # intended stage
    assert len(printed) == stage_index + 2, printed
    store = DataStore(DataRoot(tmp_path, "command line"))
    [profile] = store.profiles.list()[0]
    sessions = store.sessions(profile.id)
    loaded = [sessions.load(info) for info in sessions.list()]
    assert all(c is not None for c in loaded) and store.quarantined() == []
    assert [c.header.stage for c in loaded] == STAGES[:stage_index + 1]
    *finished, killed = loaded
    assert all(not c.interrupted for c in finished)
    assert killed.interrupted
    assert [e.seq for e in killed.events] == list(range(1, len(killed.events) + 1))
    assert len(killed.events) >= LINES_BEFORE_KILL[STAGES[stage_index]] - 1  # all but the header


def test_a_huge_journal_loads_whole(tmp_path: Path) -> None:
    import json

    from gmi.store.journal import read_journal
    from gmi.store.paths import Layout
    from gmi.store.quarantine import NoticeBoard
    from gmi.store.sessions import SessionStore

    store = SessionStore(Layout(tmp_path), "ab" * 16, NoticeBoard())
    writer = store.start("mirror")
    writer.close()
    line = {"type": "event", "seq": 0, "at": "2026-11-24T10:00:00+00:00", "kind": "minute",
            "data": {"minutes_done": 1.0, "note": "x" * 200}}
    with writer.path.open("a") as f:  # 200,000 events, about 60 MB
        for n in range(1, 200_001):
            line["seq"] = n
            f.write(json.dumps(line) + "\n")
    contents = read_journal(writer.path)
    assert len(contents.events) == 200_000 and contents.interrupted

