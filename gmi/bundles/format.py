"""The encrypted bundle file: its layout, its errors, and the archive inside.

A bundle carries one person's health data off the machine, so everything
but a small clear header is encrypted, and every byte is authenticated.
Layout of a ``.gmibundle`` file::

    GMIBUNDLE1\\n                         magic: what the file is
    {"format": 1, "app_version": ..., "kdf": {...}, "cipher": {...},
     "length": N, "check": ...}\\n        header, one JSON line
    <SHA-256 hex of the two lines above>\\n
    <N bytes: AES-256-GCM ciphertext (with its 16-byte tag) of a zip archive>

How the file is sealed (key, check value, header digest) is in
bundle_seal.py. This module holds what both halves share (the errors) and
the archive inside.

The zip holds ``manifest.json`` (see :class:`Manifest`) and the profile's
files under their paths relative to the profile folder (``profile.json``,
``protocol.toml``, ``sessions/*.jsonl``, ``checkins/*.json``,
``own-photos/*``). Only cryptography's AES-GCM and scrypt are used: no
home-made cryptography.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gmi import __version__
from gmi.model.validation import describe
from gmi.store.errors import NewerVersionError, StoreError
from gmi.store.folder_version import DATA_FOLDER_VERSION
from gmi.store.sessions import parse_journal_name

BUNDLE_SCHEMA_VERSION = 1  # the archive inside: manifest and member paths
SUFFIX = ".gmibundle"
MANIFEST_NAME = "manifest.json"

MAX_TOTAL_SIZE = 2 * 2**30  # uncompressed members together
MAX_MEMBERS = 100_000
MAX_MANIFEST_SIZE = 64 * 2**20

_CHECKIN_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}_[0-9a-f]{8,64}\.json$")
_PHOTO_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}\.(png|jpg|jpeg|csv)$")
_DRIVE = re.compile(r"^[A-Za-z]:")
# Names Windows keeps for devices: "CON.png" would open the console, not a file.
_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)),
                      *(f"LPT{n}" for n in range(10))})

_DAMAGED_ADVICE = ("Copy the bundle again from where it was made (or export it again); "
                   "nothing in the data folder was changed.")
NOTHING_CHANGED = "Nothing in the data folder was changed."


class BundleError(StoreError):
    """A bundle cannot be made or taken in; the message says why and what to do."""


class WrongPassphrase(BundleError):
    """The passphrase does not open the bundle (the file itself is intact)."""


class NewerBundle(BundleError, NewerVersionError):
    """The bundle was made by a newer GMI Trainer."""


def damaged(path: Path, problem: str) -> BundleError:
    return BundleError(path, f"is damaged: {problem}", _DAMAGED_ADVICE)


def newer(path: Path, app_version: object, what: str) -> NewerBundle:
    """The "update GMI Trainer" error; `app_version` comes unchecked from the file."""
    shown = "".join(ch for ch in str(app_version)[:32] if ch.isprintable()) or "?"
    return NewerBundle(
        path,
        f"was made by a newer GMI Trainer (version {shown}; {what}; this is version "
        f"{__version__})",
        f"Update GMI Trainer, then import the bundle again. {NOTHING_CHANGED}",
    )


# --- the archive -----------------------------------------------------------------------


class MemberEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    path: str = Field(min_length=1, max_length=255)
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    bundle_schema: int = Field(ge=1)
    app_version: str = Field(max_length=64)
    data_format_version: int = Field(ge=1)
    profile_id: str = Field(pattern=r"^[0-9a-f]{32}$")  # becomes a folder name
    created_at: str = Field(max_length=64)
    pseudonymised: bool
    members: list[MemberEntry]


def member_entry(path: str, data: bytes) -> MemberEntry:
    return MemberEntry(path=path, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def member_path_problem(name: str) -> str | None:
    """Why `name` may not be taken from a bundle, or None if it names a profile file.

    Only the paths an export writes are accepted, so nothing can land outside
    the profile folder or anywhere the app would not look.
    """
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/") or _DRIVE.match(name):
        return "is an absolute path"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "climbs out of its folder or has an empty part"
    if any(not ch.isprintable() for ch in name):
        return "contains control characters"
    if parts[-1].split(".")[0].upper() in _DEVICES:
        return "is a name Windows keeps for devices"
    if name in ("profile.json", "protocol.toml"):
        return None
    if len(parts) == 2:
        folder, leaf = parts
        if folder == "sessions" and parse_journal_name(Path(leaf)) is not None:
            return None
        if folder == "checkins" and _CHECKIN_NAME.match(leaf):
            return None
        if folder == "own-photos" and _PHOTO_NAME.match(leaf):
            return None
    return "is not a file a GMI Trainer bundle holds"


def build_archive(manifest: Manifest, members: Iterable[tuple[str, bytes]]) -> bytes:
    """The zip (manifest first); fixed dates so equal data gives an equal archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _add(archive, MANIFEST_NAME, manifest.model_dump_json(indent=1).encode("utf-8"))
        for name, data in members:
            _add(archive, name, data)
    return buffer.getvalue()


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    packed = name.endswith((".png", ".jpg", ".jpeg"))  # already compressed
    info.compress_type = zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int,
                chunk: int = 2**20) -> Iterable[bytes]:
    """The member's bytes in chunks, stopping with an error past `cap` bytes.

    The sizes written in the zip are not trusted: a crafted member can
    unpack to far more than it claims (a "zip bomb").
    """
    seen = 0
    with archive.open(info) as stream:
        while True:
            block = stream.read(min(chunk, cap - seen + 1))
            if not block:
                return
            seen += len(block)
            if seen > cap:
                raise ValueError(f"{info.filename} unpacks to more than the {cap} bytes "
                                 "the manifest lists")
            yield block


def open_archive(path: Path, plaintext: bytes) -> tuple[zipfile.ZipFile, Manifest]:
    """The opened archive and its checked manifest; names and sizes agree.

    Every member's content is checked later, while it is unpacked.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(plaintext))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise damaged(path, f"the archive inside cannot be read ({exc})") from exc
    try:
        by_name = _check_entries(path, infos)
        manifest = _read_manifest(path, archive, by_name.pop(MANIFEST_NAME, None))
        _match_manifest(path, manifest, by_name)
    except BaseException:
        archive.close()
        raise
    return archive, manifest


def _check_entries(path: Path, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    if len(infos) > MAX_MEMBERS + 1:
        raise damaged(path, f"it holds {len(infos)} files, more than the {MAX_MEMBERS} "
                            "a bundle may hold")
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if name in by_name:
            raise damaged(path, f"the file {name!r} appears twice inside it")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise damaged(path, f"{name!r} inside it is a link, which a bundle never holds")
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED,
                                                             zipfile.ZIP_DEFLATED):
            raise damaged(path, f"{name!r} inside it is packed in a way a bundle never is")
        problem = None if name == MANIFEST_NAME else member_path_problem(name)
        if problem:
            raise damaged(path, f"the file name {name!r} inside it {problem}")
        by_name[name] = info
    return by_name


def _read_manifest(path: Path, archive: zipfile.ZipFile,
                   info: zipfile.ZipInfo | None) -> Manifest:
    if info is None:
        raise damaged(path, f"it has no {MANIFEST_NAME}")
    try:
        raw_bytes = b"".join(read_capped(archive, info, MAX_MANIFEST_SIZE))
        raw: Any = json.loads(raw_bytes.decode("utf-8"))
    except (ValueError, zipfile.BadZipFile, EOFError, RecursionError) as exc:
        raise damaged(path, f"its {MANIFEST_NAME} cannot be read ({exc})") from exc
    if not isinstance(raw, dict):
        raise damaged(path, f"its {MANIFEST_NAME} is not a JSON object")
    app = raw.get("app_version", "?")
    schema, folder = raw.get("bundle_schema"), raw.get("data_format_version")
    if isinstance(schema, int) and schema > BUNDLE_SCHEMA_VERSION:
        raise newer(path, app, f"bundle contents format {schema}, this app reads up to "
                               f"{BUNDLE_SCHEMA_VERSION}")
    if isinstance(folder, int) and folder > DATA_FOLDER_VERSION:
        raise newer(path, app, f"data format {folder}, this app reads up to "
                               f"{DATA_FOLDER_VERSION}")
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        raise damaged(path, f"its {MANIFEST_NAME} is not valid ({describe(exc, 2)})") from exc


def _match_manifest(path: Path, manifest: Manifest, by_name: dict[str, zipfile.ZipInfo]) -> None:
    listed = [m.path for m in manifest.members]
    if len(set(listed)) != len(listed):
        raise damaged(path, f"its {MANIFEST_NAME} lists a file twice")
    extra = sorted(set(by_name) - set(listed))
    missing = sorted(set(listed) - set(by_name))
    if extra:
        raise damaged(path, f"{_few(extra)} inside it {'is' if len(extra) == 1 else 'are'} "
                            f"not listed in its {MANIFEST_NAME}")
    if missing:
        raise damaged(path, f"{_few(missing)} listed in its {MANIFEST_NAME} "
                            f"{'is' if len(missing) == 1 else 'are'} missing")
    total = 0
    for member in manifest.members:
        problem = member_path_problem(member.path)
        if problem:
            raise damaged(path, f"its {MANIFEST_NAME} lists {member.path!r}, which {problem}")
        if by_name[member.path].file_size != member.size:
            raise damaged(path, f"{member.path} inside it has {by_name[member.path].file_size} "
                                f"bytes, but its {MANIFEST_NAME} says {member.size}")
        total += member.size
    if total > MAX_TOTAL_SIZE:
        raise damaged(path, f"its files would take {total} bytes, more than a bundle may "
                            f"hold ({MAX_TOTAL_SIZE})")


def _few(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(repr(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
