"""The last Home shown, kept so the next start can draw it at once.

Reading a day's journals, the programme and the settings takes most of a
start (pydantic and every record model load first). So each time Home is
drawn from the data, its :class:`~gmi.model.home_view.HomeView` for today and
for the next days (the same data seen later: the plan starts afresh, today's
results become yesterday's, days away bring a welcome back; `Day.keep_home`)
is kept in ``cache/home.json`` with a fingerprint of what it was made from,
taken before it was read: the size and change time of the settings, the
person's folders and files and the newest journal (a journal grows in place; a
new file changes its folder). The next start draws the view for its day first
if nothing has changed since and the app is the same version; the window then
reads the data as before and redraws Home only if anything differs.

A cache, not a record: any problem reading it (missing, damaged, stale, a
future format) means "draw Home the slow way", never an error. This module
uses only the standard library, so it loads in a moment.
"""

from __future__ import annotations

import json
import os
import types
import typing
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from gmi.model.home_view import HomeView
from gmi.model.text_size import TEXT_SIZES, TextSize
from gmi.store.errors import StoreError
from gmi.store.files import write_atomic
from gmi.store.paths import Layout

SNAPSHOT_FORMAT = 1
MAX_SNAPSHOT_BYTES = 256_000  # a Home is a few kilobytes; anything larger is not ours


class Snapshot(typing.NamedTuple):
    """What the first paint needs: the view, whose it is, the text size and the
    folder where its pictures are kept (the trail, painted once)."""

    view: HomeView
    profile_id: str
    text_size: TextSize
    pictures: Path


def snapshot_file(layout: Layout) -> Path:
    return layout.cache_dir / "home.json"


def fingerprint(layout: Layout, profile_id: str) -> list[list[Any]]:
    """[name, size, change time in ns] of everything Home is made from (a missing
    path is [name, -1, -1]): a file replaced or a folder gaining a file changes it."""
    profile = layout.profile_dir(profile_id)
    sessions = layout.sessions_dir(profile_id)
    # (not the data folder itself: each start proves it writable with a probe file)
    paths = [layout.settings_file, layout.folder_mark_file, layout.profiles_dir,
             profile, layout.profile_file(profile_id), profile / "protocol.toml",
             profile / "checkins", sessions]
    try:
        journals = [name for name in os.listdir(sessions) if name.endswith(".jsonl")]
    except OSError:
        journals = []
    if journals:
        paths.append(sessions / max(journals))  # names begin with their start time
    found: list[list[Any]] = []
    for path in paths:
        try:
            stat = path.stat()
            found.append([str(path), stat.st_size, stat.st_mtime_ns])
        except OSError:
            found.append([str(path), -1, -1])
    return found


def write_home_snapshot(layout: Layout, profile_id: str, app_version: str,
                        text_size: TextSize, views: Mapping[date, HomeView],
                        read_from: list[list[Any]]) -> None:
    """Keep the views (by the day they are for) for the next start; a folder that
    cannot take them keeps none. `read_from`: the `fingerprint` taken before the data
    the views show was read (a change made meanwhile then makes them stale)."""
    try:
        record = {
            "format": SNAPSHOT_FORMAT, "app_version": app_version,
            "profile_id": profile_id, "text_size": text_size,
            "fingerprint": read_from,
            "views": {day.isoformat(): _plain(view) for day, view in views.items()}}
        # owner-only (a name and a plan), replaced whole, not synced to disk
        write_atomic(snapshot_file(layout), json.dumps(record, ensure_ascii=False).encode(),
                     durable=False)
    except (StoreError, ValueError, TypeError):  # a cache: the next start takes longer
        return


def read_home_snapshot(layout: Layout, today: date, app_version: str) -> Snapshot | None:
    """The view kept for `today` if nothing it was made from has changed since, else None."""
    try:
        path = snapshot_file(layout)
        if path.stat().st_size > MAX_SNAPSHOT_BYTES:
            return None
        return parse_snapshot(path.read_bytes(), layout, today, app_version)
    except OSError:
        return None


def parse_snapshot(raw: bytes, layout: Layout, today: date, app_version: str
                   ) -> Snapshot | None:
    """The snapshot in `raw` if it is well formed, current and unchanged; never raises."""
    try:
        record = json.loads(raw)
        if not isinstance(record, dict) or record.get("format") != SNAPSHOT_FORMAT:
            return None
        profile_id, text_size = record.get("profile_id"), record.get("text_size")
        views = record.get("views")
        if (record.get("app_version") != app_version or not isinstance(views, dict)
                or today.isoformat() not in views or not isinstance(profile_id, str)
                or not profile_id or text_size not in TEXT_SIZES):
            return None
        if record.get("fingerprint") != fingerprint(layout, profile_id):
            return None
        view = _typed(HomeView, views[today.isoformat()])
        return Snapshot(view, profile_id, text_size, layout.cache_dir)
    except (ValueError, TypeError, KeyError, RecursionError, OSError):
        return None


def _plain(value: Any) -> Any:
    """JSON values for a view: records as objects, tuples as lists, days as text."""
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _typed(kind: Any, value: Any) -> Any:
    """`value` read back as `kind`, checked field by field; TypeError when it is not.
    Covers what a HomeView holds: records, tuples, optional values, literals, days,
    text, whole numbers, fractions and switches."""
    if is_dataclass(kind):
        hints = get_type_hints(kind)
        if not isinstance(value, dict) or set(value) - set(hints):
            raise TypeError(f"{kind.__name__}: expected an object of its fields")
        return kind(**{f.name: _typed(hints[f.name], value[f.name])
                       for f in fields(kind) if f.name in value})
    origin, args = get_origin(kind), get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        [inner] = [a for a in args if a is not type(None)]
        return _typed(inner, value)
    if origin is typing.Literal:
        if value not in args:
            raise TypeError(f"expected one of {args}")
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise TypeError("expected a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_typed(args[0], v) for v in value)
        if len(value) != len(args):
            raise TypeError(f"expected {len(args)} values")
        return tuple(_typed(a, v) for a, v in zip(args, value, strict=True))
    if kind is date:
        return date.fromisoformat(value)
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind in (str, int, bool) and type(value) is kind:
        return value
    raise TypeError(f"expected {kind}")
