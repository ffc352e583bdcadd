"""A process killed with SIGKILL mid-session: every acknowledged event survives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from gmi.store.paths import Layout
from gmi.store.quarantine import NoticeBoard
from gmi.store.sessions import SessionStore

pytestmark = pytest.mark.slow  # real processes, killed mid-write

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from gmi.store.paths import Layout
    from gmi.store.quarantine import NoticeBoard
    from gmi.store.sessions import SessionStore

    store = SessionStore(Layout(Path(sys.argv[1])), sys.argv[2], NoticeBoard())
    writer = store.start("laterality", {"trials": 1000})
    n = 0
    while True:
        writer.append("step", {"n": n, "side": "left" if n % 2 else "right"})
        print(n, flush=True)  # acknowledged only after fsync
        n += 1
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_mid_session_keeps_every_acknowledged_event(tmp_path: Path) -> None:
    profile_id = "ab" * 16
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path), profile_id],
        stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    acknowledged = -1
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= 40:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    store = SessionStore(Layout(tmp_path), profile_id, NoticeBoard())
    [info] = store.list()
    contents = store.load(info)
    assert contents is not None
    assert contents.interrupted
    numbers = [e.data["n"] for e in contents.events]
    assert numbers == list(range(len(numbers)))  # no gaps, no duplicates
    assert len(numbers) >= acknowledged + 1  # nothing acknowledged was lost
