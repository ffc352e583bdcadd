"""Merging a verified bundle into a profile folder: by record id, never overwriting.

Each record is merged by its own id (session id, check-in id, picture name;
the profile and the therapist's protocol by their file name). A record not
here yet is added; one here with the same bytes is left alone; one here
with other contents is a conflict: the copy here is kept where it is and
the bundle's version is saved under ``profiles/<id>/conflicts/`` with the
name ``<original name>.incoming-<first 16 hex digits of its SHA-256>``.
The app reads records only from their own folders, never from
``conflicts/``, so nothing is counted twice; the digest in the name makes
a second import of the same bundle find its earlier copy and add nothing.

The one file that is merged rather than kept or set aside is the own
photos' ``manifest.csv``: it lists the pictures, so the rows of both copies
are joined (those here first, then the bundle's rows for pictures not listed
yet); otherwise a later bundle's new pictures would arrive but never show.

Placing is all or nothing, even when the process is killed half way: the
plan made here is handed to gmi/store/placement.py, which logs it, commits
and places, and whose recovery finishes or undoes a cut-off import before
the folder is read again. The joined photo list replaces the old one last.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from gmi.bundles.format import Manifest, MemberEntry, damaged
from gmi.store.errors import StoreError
from gmi.store.files import DIR_MODE, FILE_MODE
from gmi.store.journal import read_journal
from gmi.store.paths import Layout
from gmi.store.placement import Move
from gmi.store.sessions import parse_journal_name

CONFLICTS = "conflicts"
CHECKIN_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}_([0-9a-f]{8,64})\.json$")


@dataclass(frozen=True)
class Added:
    kind: str  # "profile", "protocol", "session", "check-in", "photo"
    key: str  # session id, check-in id or file name
    path: Path


@dataclass(frozen=True)
class Conflict:
    """A record this folder has with other contents than the bundle's copy."""

    kind: str
    key: str
    existing: Path  # left exactly as it was
    incoming: Path  # the bundle's version, kept beside it
    saved_now: bool  # False: kept by an earlier import of the same bundle


def files_in(folder: Path) -> list[Path]:
    """The plain files in `folder`, sorted; none if it does not exist."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file())


def member_key(path: str) -> tuple[str, str]:
    """(kind, id) of a bundle member: what it is merged by."""
    if path in ("profile.json", "protocol.toml"):
        return path.split(".")[0], path
    folder, leaf = path.split("/")
    if folder == "sessions":
        info = parse_journal_name(Path(leaf))
        assert info is not None  # checked by open_archive
        return "session", info.session_id
    if folder == "checkins":
        return "check-in", leaf.split("_", 1)[1].removesuffix(".json")
    return "photo", leaf


class Plan:
    """What the import will do with each verified member: add, skip or set aside."""

    def __init__(self, layout: Layout, bundle_path: Path, manifest: Manifest,
                 staged: dict[str, Path]) -> None:
        self.folder = layout.profile_dir(manifest.profile_id)
        self.existing = _existing(self.folder)
        self.moves: list[Move] = []
        self.replacements: list[tuple[Path, Path]] = []  # (joined file, file it replaces)
        self.merged: list[Path] = []  # files joined with the bundle's copy
        self.added: list[Added] = []
        self.conflicts: list[Conflict] = []
        self.unchanged = 0
        self._photos_here: set[str] = set()  # the bundle's pictures now here, identical
        photo_list: tuple[MemberEntry, Path] | None = None
        seen: set[tuple[str, str]] = set()
        for member in manifest.members:
            key = member_key(member.path)
            if key in seen:
                raise damaged(bundle_path, f"it holds two copies of {key[0]} {key[1]}")
            seen.add(key)
            if member.path == PHOTO_LIST:
                photo_list = (member, staged[member.path])  # decided once the pictures are
                continue
            self._decide(member, key, staged[member.path])
        if photo_list is not None:
            self._decide_photo_list(*photo_list)

    def _decide(self, member: MemberEntry, key: tuple[str, str], source: Path) -> None:
        here = self.existing.get(key)
        dest = self.folder / member.path
        if here is None and not dest.exists():
            self.moves.append(Move(source, dest, member.sha256, member.size))
            self.added.append(Added(key[0], key[1], dest))
            if key[0] == "photo":
                self._photos_here.add(key[1])
            return
        here = here or dest
        if _same(here, member):
            self.unchanged += 1
            if key[0] == "photo":
                self._photos_here.add(key[1])
            return
        self._set_aside(member, key, source, here)

    def _decide_photo_list(self, member: MemberEntry, source: Path) -> None:
        """Join the lists (only rows for the bundle's pictures that are now here)."""
        here = self.folder / member.path
        key = member_key(member.path)
        if not here.exists() or _same(here, member):
            self._decide(member, key, source)
            return
        joined = None
        if max(member.size, here.stat().st_size) <= MAX_PHOTO_LIST:
            joined = join_photo_lists(here, source, self._photos_here)
        if joined is None:  # unreadable or odd: kept beside, as any other record
            self._set_aside(member, key, source, here)
        elif joined == b"":  # nothing new to list
            self.unchanged += 1
        else:
            staged = source.with_name(source.name + ".joined")
            staged.write_bytes(joined)
            os.chmod(staged, FILE_MODE)  # health data: owner-only, like every file
            self.replacements.append((staged, here))
            self.merged.append(here)

    def _set_aside(self, member: MemberEntry, key: tuple[str, str], source: Path,
                   here: Path) -> None:
        aside = _conflict_path(self.folder, member)
        if aside.exists() and _same(aside, member):
            self.unchanged += 1
            self.conflicts.append(Conflict(key[0], key[1], here, aside, saved_now=False))
            return
        if aside.exists():  # a different file under that name: practically never
            aside = _conflict_path(self.folder, member, full=True)
        self.moves.append(Move(source, aside, member.sha256, member.size))
        self.conflicts.append(Conflict(key[0], key[1], here, aside, saved_now=True))


PHOTO_LIST = "own-photos/manifest.csv"
MAX_PHOTO_LIST = 2**20  # real lists are a few kB; a bigger one is not parsed, only kept


def join_photo_lists(here: Path, incoming: Path, pictures: set[str]) -> bytes | None:
    """The rows of `here`, then `incoming`'s rows for `pictures` not listed yet.

    `pictures`: the bundle's pictures that are now here with the same bytes,
    so a row never labels a different picture of the same name. Returns b""
    when there is nothing new to list, None when either file is not a
    readable list with the same columns (the usual conflict rule then keeps
    both as they are).
    """
    import csv
    import io

    try:
        mine = list(csv.DictReader(io.StringIO(here.read_text("utf-8-sig"))))
        theirs = list(csv.DictReader(io.StringIO(incoming.read_text("utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    columns = list(mine[0]) if mine else (list(theirs[0]) if theirs else [])
    if not columns or "file" not in columns or any(list(r) != columns for r in mine + theirs):
        return None
    listed = {r["file"] for r in mine}
    new = []
    for row in theirs:
        if row["file"] in pictures and row["file"] not in listed:
            listed.add(row["file"])  # a row listed twice in the bundle is taken once
            new.append(row)
    if not new:
        return b""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)  # "\r\n", as OwnPhotos writes it
    writer.writeheader()
    writer.writerows(mine + new)
    return out.getvalue().encode("utf-8")


def _conflict_path(folder: Path, member: MemberEntry, full: bool = False) -> Path:
    path = PurePosixPath(member.path)
    tag = member.sha256 if full else member.sha256[:16]
    return folder.joinpath(CONFLICTS, *path.parent.parts,
                           f"{path.stem}.incoming-{tag}{path.suffix}")


def _existing(folder: Path) -> dict[tuple[str, str], Path]:
    """(kind, id) -> file for what the profile folder has, read without changing it."""
    found: dict[tuple[str, str], Path] = {}
    for name in ("profile.json", "protocol.toml"):
        if (folder / name).exists():
            found[member_key(name)] = folder / name
    for path in files_in(folder / "sessions"):
        if path.suffix == ".jsonl" and not path.name.startswith("."):
            info = parse_journal_name(path)
            session_id = info.session_id if info else _header_session_id(path)
            if session_id:
                found.setdefault(("session", session_id), path)
    for path in files_in(folder / "checkins"):
        if path.suffix == ".json" and not path.name.startswith("."):
            match = CHECKIN_NAME.match(path.name)
            checkin_id = match[1] if match else _json_field(path, "checkin_id")
            if checkin_id:
                found.setdefault(("check-in", checkin_id), path)
    for path in files_in(folder / "own-photos"):
        found[("photo", path.name)] = path
    return found


def _header_session_id(path: Path) -> str | None:
    """The session id of a journal with an unusual name; None if unreadable."""
    try:
        return read_journal(path).header.session_id
    except StoreError:
        return None


def _json_field(path: Path, field: str) -> str | None:
    """One text field of a JSON file with an unusual name; None if unreadable."""
    try:
        value = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    found = value.get(field) if isinstance(value, dict) else None
    return found if isinstance(found, str) else None


def _same(path: Path, member: MemberEntry) -> bool:
    """Does the file hold exactly the member's bytes? (An unreadable one does not.)"""
    try:
        if path.stat().st_size != member.size:
            return False
        digest = hashlib.sha256()
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(2**20), b""):
                digest.update(block)
    except OSError:
        return False
    return digest.hexdigest() == member.sha256


# --- folders made for an import ---------------------------------------------------------


def make_dirs(path: Path, made: list[Path]) -> None:
    """Create `path` and missing parents owner-only, noting each one in `made`."""
    missing = []
    node = path
    while not node.exists() and node != node.parent:
        missing.append(node)
        node = node.parent
    for folder in reversed(missing):
        os.mkdir(folder, DIR_MODE)
        made.append(folder)


def remove_dirs(made: list[Path]) -> None:
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if still empty
