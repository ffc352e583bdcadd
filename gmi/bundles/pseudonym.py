"""Pseudonymising a bundle: the person's code replaces their name everywhere.

What is replaced (and what is not):

- ``profile.json``: the name is emptied, so the app shows the code wherever
  it would show the name (the same rule as the pseudonymised JSON export).
- Journals (``sessions/*.jsonl``), check-ins (``checkins/*.json``), the
  therapist's ``protocol.toml`` and ``own-photos/manifest.csv``: every
  occurrence of the full name as a whole word (any letter case, any Unicode
  form, any spacing between its words) inside a text value becomes the code. Identifiers and
  fixed words (ids, stage, kind, type, outcome, times, versions) are never
  touched, so every record still loads. A line or file without the name
  keeps its exact bytes; one with it is written again from its parsed
  values (same data; a protocol loses its comments, which could hold the
  name as well).
- Pictures are left as they are: they show a hand, not a name.
- Afterwards every text file is searched once more, field names and
  comments included; if the name is still there the export stops rather
  than let it out.

Not replaced: a part of the name on its own (a first name alone), nicknames
or initials: they cannot be told apart from ordinary words reliably.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from gmi.model.names import NameFinder
from gmi.model.toml import tomllib

# Values under these keys are identifiers or fixed words: never rewritten.
STRUCTURAL = frozenset({
    "type", "schema_version", "session_id", "profile_id", "checkin_id", "id", "stage",
    "stages", "open_stages", "kind", "outcome", "at", "started_at", "day", "app_version", "mode",
    "body_part", "affected_side", "seq", "created_at",
})


def name_pattern(name: str) -> NameFinder | None:
    """The full name as a whole word, any form, case and spacing; None for no name."""
    return NameFinder.of(name)


def _replace(value: Any, pattern: NameFinder, code: str, key: str | None = None) -> Any:
    """`value` with the name replaced in every non-structural string (keys kept)."""
    if key in STRUCTURAL:
        return value
    if isinstance(value, str):
        return pattern.replace(value, code)
    if isinstance(value, dict):
        return {pattern.replace(k, code): _replace(v, pattern, code, k)  # keys too
                for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, pattern, code, key) for v in value]
    return value


def _mentions(value: Any, pattern: NameFinder) -> bool:
    """Does the name appear anywhere in `value`, field names included?"""
    if isinstance(value, str):
        return pattern.found_in(value)
    if isinstance(value, dict):
        return any(_mentions(k, pattern) or _mentions(v, pattern) for k, v in value.items())
    if isinstance(value, list):
        return any(_mentions(v, pattern) for v in value)
    return False


def _json_line(line: bytes, pattern: NameFinder, code: str) -> bytes:
    try:
        value = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _plain(line, pattern, code)  # a torn or garbage line: plain text
    if not _mentions(value, pattern):
        return line
    new = _replace(value, pattern, code)
    return json.dumps(new, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _plain(data: bytes, pattern: NameFinder, code: str) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    return pattern.replace(text, code).encode("utf-8", "surrogateescape")


def _json_lines(data: bytes, pattern: NameFinder, code: str) -> bytes:
    return b"\n".join(_json_line(line, pattern, code) if line.strip() else line
                      for line in data.split(b"\n"))


def _json_document(data: bytes, pattern: NameFinder, code: str) -> bytes:
    """A whole JSON file (a check-in, written indented over many lines)."""
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _plain(data, pattern, code)  # unreadable anyway: plain text
    if not _mentions(value, pattern):
        return data
    new = _replace(value, pattern, code)
    return (json.dumps(new, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _toml(data: bytes, pattern: NameFinder, code: str) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    if not pattern.found_in(text):
        return data
    try:
        values = tomllib.loads(text)
    except (ValueError, UnicodeError):
        return _plain(data, pattern, code)  # unreadable anyway: plain text
    import tomli_w

    out = "# GMI Trainer protocol (pseudonymised)\n" + tomli_w.dumps(
        _replace(values, pattern, code))
    return out.encode("utf-8")


def _csv(data: bytes, pattern: NameFinder, code: str) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    if not pattern.found_in(text):
        return data
    rows = [[pattern.replace(cell, code) for cell in row]
            for row in csv.reader(io.StringIO(text))]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8", "surrogateescape")


_HANDLERS: dict[str, Callable[[bytes, NameFinder, str], bytes]] = {
    ".jsonl": _json_lines, ".json": _json_document, ".toml": _toml, ".csv": _csv,
}


def pseudonymise_member(path: str, data: bytes, name: str, code: str) -> bytes:
    """`data` of the bundle member `path` with the name replaced by the code."""
    if path == "profile.json":
        profile = json.loads(data.decode("utf-8-sig"))
        profile["name"] = ""
        return (json.dumps(profile, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    pattern = name_pattern(name)
    handler = _HANDLERS.get("." + path.rsplit(".", 1)[-1])
    if pattern is None or handler is None:
        return data
    return handler(data, pattern, code)


def still_named(path: str, data: bytes, name: str) -> bool:
    """Does the text member still hold the name anywhere (JSON escapes undone)?"""
    pattern = name_pattern(name)
    if pattern is None or path.endswith((".png", ".jpg", ".jpeg")):
        return False
    if pattern.found_in(data.decode("utf-8", "surrogateescape")):
        return True
    if path.endswith(".json"):
        return _mentions(_loads(data), pattern)
    if path.endswith(".jsonl"):
        return any(_mentions(_loads(line), pattern) for line in data.split(b"\n"))
    return False


def _loads(data: bytes) -> Any:
    """Parsed JSON, or None where it does not parse (plain text was searched already)."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None

