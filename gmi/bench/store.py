"""`gmi bench --only store`: one journal event written durably (write + fsync)
against a bare os.write + fsync of the same bytes: the physical floor."""

from __future__ import annotations

import json
import os
import tempfile
import time
import uuid
from pathlib import Path

from gmi.bench.data import simple_trials
from gmi.bench.measure import ms, row
from gmi.model.records import LateralityTrial, event_data


def bench_store(repeats: int) -> list[str]:
    from gmi.store.paths import Layout
    from gmi.store.quarantine import NoticeBoard
    from gmi.store.sessions import SessionStore

    lines = [f"store: one event, durable (write + fsync), n={repeats}"]
    trial: LateralityTrial = simple_trials(1)[0]
    with tempfile.TemporaryDirectory() as tmp:
        data = event_data(trial)
        line = (json.dumps({"type": "event", "seq": 1, "kind": trial.KIND, "data": data})
                + "\n").encode()
        ref: list[int] = []
        fd = os.open(Path(tmp) / "raw", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        for _ in range(repeats):
            t0 = time.perf_counter_ns()
            os.write(fd, line)
            os.fsync(fd)
            ref.append(time.perf_counter_ns() - t0)
        os.close(fd)
        store = SessionStore(Layout(Path(tmp)), uuid.uuid4().hex, NoticeBoard())
        writer = store.start("laterality", {})
        samples: list[int] = []
        for _ in range(repeats):
            t0 = time.perf_counter_ns()
            writer.append(trial.KIND, event_data(trial))
            samples.append(time.perf_counter_ns() - t0)
        writer.finish("completed")
    lines.append(row("os.write + fsync of the same bytes (reference)", ref, None))
    lines.append(row("JournalWriter.append (typed record, write, fsync)", samples, ms(ref)[0]))
    return lines
