"""The History picture and its journal cache, without Qt."""

from __future__ import annotations

import os
from pathlib import Path

from gmi.app.history import HistoryQuery
from gmi.model.laterality import PlannedTrial, judge
from gmi.store import DataStore


def practise(store: DataStore, profile_id: str, trials: int) -> Path:
    writer = store.sessions(profile_id).start("laterality", {})
    for i in range(trials):
        writer.append("trial", judge(PlannedTrial(i, False, "left", "back", 90, 0), "left",
                                     1500.0).model_dump(mode="json"))
    writer.finish("completed", f"{trials} of {trials} correct", {})
    return writer.path


def test_the_picture_holds_words_charts_and_pixels(store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right", name="Anna")
    query = HistoryQuery(store)
    empty = query.picture(profile, 700)
    assert empty.sessions == 0 and empty.rgba == b"" and empty.charts == []
    practise(store, profile.id, 4)
    picture = query.picture(profile, 700, scale=2.0)
    assert picture.sessions == 1 and any("Practised on 1 day" in s for s in picture.summary)
    assert picture.width == 1400 and len(picture.rgba) == picture.width * picture.height * 4
    assert picture.charts[0].title.startswith("Left/right accuracy")
    assert len(set(picture.rgba)) > 2  # something drawn, not a blank page


def test_journals_are_read_once_and_again_when_they_change(store: DataStore,
                                                           monkeypatch) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    path = practise(store, profile.id, 2)
    practise(store, profile.id, 3)
    query = HistoryQuery(store)
    assert query.prepare(profile) == 2
    reads: list[Path] = []
    sessions_type = type(store.sessions(profile.id))
    real_load = sessions_type.load
    monkeypatch.setattr(sessions_type, "load",
                        lambda self, info: reads.append(info.path) or real_load(self, info))
    query.picture(profile, 700)
    assert reads == []  # unchanged files come from the cache
    with path.open("a", encoding="utf-8") as f:
        f.write("\n")  # a changed file (size and time) is read again
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    query.picture(profile, 700)
    assert reads == [path]
