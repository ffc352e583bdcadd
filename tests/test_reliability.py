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

STAGES = ["laterality", "imagery", "mirror", "tracking"]


def kill_during(stage_index: int, out: Path) -> list[str]:
    """Start `gmi demo`, kill it with SIGKILL two seconds into stage `stage_index`
    (counted from the moment the stage's journal exists)."""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    proc = subprocess.Popen([sys.executable, "-m", "gmi", "demo", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    end = time.monotonic() + 120
    # line 0 is the greeting; one line per finished stage follows
    while len(lines) < stage_index + 1 and time.monotonic() < end and proc.poll() is None:
        time.sleep(0.05)
    # The stage has begun once its journal exists (tracking first loads MediaPipe,
    # which takes seconds on a busy machine); then let it run a little.
    pattern = f"profiles/*/sessions/*_{STAGES[stage_index]}_*.jsonl"
    while not any(out.glob(pattern)) and time.monotonic() < end and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(4.0 if stage_index == 0 else 2.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    return lines


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize("stage_index", range(4))
def test_sigkill_during_each_stage_keeps_every_line(tmp_path: Path, stage_index: int) -> None:
    printed = kill_during(stage_index, tmp_path)
    assert len(printed) == stage_index + 1, printed  # killed inside the intended stage
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
    if stage_index in (0, 1):  # two seconds in, answers and ratings are already saved
        assert killed.events


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

