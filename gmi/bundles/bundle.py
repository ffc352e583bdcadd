"""Encrypted patient bundles: one person's data in one file, and taking it in again.

A therapist moves a person's practice between computers (clinic and home)
with one passphrase-protected file (the format is in bundle_format.py).

Export takes the profile folder's records: ``profile.json``, the therapist's
``protocol.toml`` if there is one (a built-in preset is named in the profile
and ships with every app), every session journal, every daily check-in, and
the own hand pictures only when asked (they are photos of the person).
Pseudonymising (bundle_pseudonym.py) replaces the name by the person's code.

Import is all or nothing, even if the process is killed. Under the data
folder's import lock everything is unpacked into a staging folder inside
the data root (same disk, so the final step is only linking names), every
file is checked against the manifest (size and SHA-256) before anything is
placed, and only files the folder does not have yet are added; existing
files are never touched. Placing is logged and committed first
(gmi/store/placement.py): if it fails half way (a full disk) the files
placed are taken back; if the process dies, the next start (DataStore)
finishes a committed import or drops an uncommitted one before anything
reads the folder. The staging folder, which holds decrypted records, is
removed on every exit path, and at the next start after a crash.

Merging is by each record's own id (bundle_merge.py): taking in the same
bundle twice adds nothing, a later bundle adds only what is new, and a
record here with other contents than the bundle's copy is a conflict: both
are kept (the bundle's under ``profiles/<id>/conflicts/``) and reported.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gmi import __version__
from gmi.bundles.format import (
    BUNDLE_SCHEMA_VERSION,
    BundleError,
    Manifest,
    MemberEntry,
    NewerBundle,
    WrongPassphrase,
    build_archive,
    damaged,
    member_entry,
    member_path_problem,
    newer,
    open_archive,
    read_capped,
)
from gmi.bundles.merge import (
    CHECKIN_NAME,
    Added,
    Conflict,
    Plan,
    files_in,
    make_dirs,
    remove_dirs,
)
from gmi.bundles.pseudonym import pseudonymise_member, still_named
from gmi.bundles.seal import (
    DEFAULT_SCRYPT_N,
    MAX_SEALED,
    SCRYPT_P,
    SCRYPT_R,
    scrypt_problem,
    seal,
    unseal,
)
from gmi.model.checkin import CHECKIN_SCHEMA_VERSION, CheckIn
from gmi.model.limits import MAX_LINE_BYTES
from gmi.model.words import counted
from gmi.store.errors import NewerVersionError, StoreError, plain_reason
from gmi.store.files import FILE_MODE, write_all, write_atomic
from gmi.store.folder_version import DATA_FOLDER_VERSION, check_folder_version, mark_folder
from gmi.store.journal import read_journal
from gmi.store.jsonfile import read_model
from gmi.store.paths import Layout
from gmi.store.placement import (
    ExistsNow,
    close_staging,
    import_lock,
    new_staging,
    place_all,
    recover_imports,
)
from gmi.store.profiles import PROFILE_SCHEMA_VERSION, Profile
from gmi.store.records import local_now
from gmi.store.sessions import journal_name, parse_journal_name

if TYPE_CHECKING:
    from gmi.store import DataStore

__all__ = ["Added", "BundleError", "Conflict", "ExportSummary", "ImportResult", "NewerBundle",
           "WrongPassphrase", "export", "import_bundle"]

@dataclass(frozen=True)
class ExportSummary:
    """What went into a bundle, for the screen and the therapist's records."""

    path: Path
    profile_id: str
    sessions: int
    checkins: int
    photos: int
    protocol: bool  # the therapist's own protocol.toml was included
    pseudonymised: bool
    size: int  # bytes of the bundle file
    members: tuple[MemberEntry, ...]
    skipped: tuple[str, ...]  # files in the profile folder left out, and why
    replaced: tuple[str, ...]  # what pseudonymising changed, member by member


@dataclass(frozen=True)
class ImportResult:
    profile_id: str
    profile_created: bool
    profile_differs: bool  # the folder's profile was kept; the bundle's is a conflict
    added: tuple[Added, ...]
    unchanged: int  # records already here, identical
    conflicts: tuple[Conflict, ...]
    bundle_app_version: str
    pseudonymised: bool
    merged: tuple[Path, ...] = ()  # lists joined with the bundle's (own photos)

    def count(self, kind: str) -> int:
        return sum(1 for a in self.added if a.kind == kind)

    @property
    def sessions_added(self) -> int:
        return self.count("session")

    @property
    def checkins_added(self) -> int:
        return self.count("check-in")

    def lines(self) -> list[str]:
        """What the import did, in words, for the screen and the command line."""
        out = []
        if self.profile_created:
            out.append("A new person was added to this computer.")
        added = [counted(self.count(k), w) for k, w in (("session", "session"),
                                                   ("check-in", "daily check-in"),
                                                   ("photo", "photo"),
                                                   ("protocol", "programme file"))
                 if self.count(k)]
        out.append(("Added " + ", ".join(added) + ".") if added else "Nothing new was added.")
        if self.unchanged:
            out.append(f"{counted(self.unchanged, 'record')} already here, unchanged.")
        if self.merged:
            out.append("The list of own photos now includes the bundle's new ones.")
        if self.profile_differs:
            out.append("The person's details differ from this computer's; this computer's "
                       "were kept and the bundle's copy set beside them.")
        for conflict in self.conflicts:
            state = "kept beside it" if conflict.saved_now else "kept earlier"
            out.append(f"Conflict: {conflict.kind} {conflict.key[:12]} differs from the one "
                       f"here. Both are kept (the bundle's version {state}: "
                       f"{conflict.incoming.name}).")
        return out


def _layout(target: DataStore | Layout) -> Layout:
    return target if isinstance(target, Layout) else target.layout


# --- export ----------------------------------------------------------------------------


def export(target: DataStore | Layout, profile_id: str, out_path: Path, passphrase: str, *,
           include_photos: bool = False, pseudonymise: bool = False,
           kdf_n: int = DEFAULT_SCRYPT_N) -> ExportSummary:
    """Write one person's bundle to `out_path` (owner-only, written whole or not at all).

    `kdf_n` is scrypt's cost; lower it only in tests.
    """
    out_path = Path(out_path)
    if not passphrase.strip():
        raise BundleError(out_path, "cannot be made without a passphrase",
                          "Choose a passphrase and give it to the person who opens the bundle.")
    problem = scrypt_problem(kdf_n, SCRYPT_R, SCRYPT_P)
    if problem:
        raise ValueError(f"kdf_n: {problem}")
    layout = _layout(target)
    profile = _source_profile(layout, profile_id)
    members, skipped = _collect(layout, profile, include_photos)
    replaced: list[str] = []
    if pseudonymise:
        members, replaced = _pseudonymise(out_path, members, profile)
    entries = [member_entry(name, data) for name, data in members]
    manifest = Manifest(
        bundle_schema=BUNDLE_SCHEMA_VERSION, app_version=__version__,
        data_format_version=DATA_FOLDER_VERSION, profile_id=profile.id,
        created_at=local_now().isoformat(), pseudonymised=pseudonymise, members=entries)
    archive = build_archive(manifest, members)
    if len(archive) > MAX_SEALED:
        raise BundleError(out_path, f"would be too large ({len(archive)} bytes)",
                          "Leave out the own hand pictures, or ask for help.")
    sealed = seal(archive, passphrase, kdf_n)
    try:
        write_atomic(out_path, sealed)
    except StoreError as exc:
        raise BundleError(out_path, exc.problem, exc.advice) from exc
    names = [n for n, _ in members]
    return ExportSummary(
        path=out_path, profile_id=profile.id,
        sessions=sum(n.startswith("sessions/") for n in names),
        checkins=sum(n.startswith("checkins/") for n in names),
        photos=sum(n.startswith("own-photos/") and not n.endswith(".csv") for n in names),
        protocol="protocol.toml" in names, pseudonymised=pseudonymise, size=len(sealed),
        members=tuple(entries), skipped=tuple(skipped), replaced=tuple(replaced))


def _source_profile(layout: Layout, profile_id: str) -> Profile:
    path = layout.profile_file(profile_id)
    if not re.fullmatch(r"[0-9a-f]{32}", profile_id) or not path.is_file():
        raise BundleError(layout.profile_dir(profile_id), "holds no profile to export",
                          "Choose a person from the list of profiles.")
    try:
        return read_model(path, Profile, PROFILE_SCHEMA_VERSION)
    except StoreError as exc:
        raise BundleError(path, exc.problem, "Repair or restore the profile, then export "
                                             "again.") from exc


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BundleError.from_os_error(path, "could not be read for the bundle", exc) from exc


def _collect(layout: Layout, profile: Profile, include_photos: bool
             ) -> tuple[list[tuple[str, bytes]], list[str]]:
    """(archive path, bytes) of every record of the profile, and what was left out.

    Only names an import accepts go in, so a bundle never fails on its own
    contents; hidden and temporary files are passed over silently.
    """
    folder = layout.profile_dir(profile.id)
    members = [("profile.json", _read(layout.profile_file(profile.id)))]
    skipped: list[str] = []
    if (folder / "protocol.toml").is_file():
        members.append(("protocol.toml", _read(folder / "protocol.toml")))
    members += _journals(layout.sessions_dir(profile.id), skipped)
    members += _checkins(folder / "checkins", skipped)
    if include_photos:
        for path in files_in(layout.own_photos_dir(profile.id)):
            name = f"own-photos/{path.name}"
            problem = member_path_problem(name)
            if path.name.startswith("."):
                continue
            if problem:
                skipped.append(f"{path}: its name {problem}")
            else:
                members.append((name, _read(path)))
    return members, skipped


def _checkins(folder: Path, skipped: list[str]) -> list[tuple[str, bytes]]:
    """Every check-in under its standard name (the loader reads any *.json)."""
    found: dict[str, tuple[str, bytes]] = {}
    for path in files_in(folder):
        if path.suffix != ".json" or path.name.startswith("."):
            continue
        match = CHECKIN_NAME.match(path.name)
        if match:
            key, name = match[1], path.name
        else:
            try:
                record = read_model(path, CheckIn, CHECKIN_SCHEMA_VERSION)
            except StoreError as exc:
                skipped.append(f"{path}: {exc.problem}")
                continue
            key, name = record.checkin_id, f"{record.day.isoformat()}_{record.checkin_id}.json"
        if key in found:
            skipped.append(f"{path}: a second file for check-in {key}")
            continue
        found[key] = (f"checkins/{name}", _read(path))
    return sorted(found.values())


def _journals(folder: Path, skipped: list[str]) -> list[tuple[str, bytes]]:
    """Every journal under its standard name (one copied in by hand is renamed)."""
    found: dict[str, tuple[str, bytes]] = {}
    for path in files_in(folder):
        if path.suffix != ".jsonl" or path.name.startswith("."):
            continue
        info = parse_journal_name(path)
        name = path.name
        if info is None:
            try:
                header = read_journal(path).header
            except StoreError as exc:
                skipped.append(f"{path}: {exc.problem}")
                continue
            name = journal_name(header.started_at, header.stage, header.session_id)
            info = parse_journal_name(Path(name))
            if info is None:
                skipped.append(f"{path}: its session id is not in the standard form")
                continue
        if info.session_id in found:
            skipped.append(f"{path}: a second file for session {info.session_id}")
            continue
        found[info.session_id] = (f"sessions/{name}", _read(path))
    return sorted(found.values())


def _pseudonymise(out_path: Path, members: list[tuple[str, bytes]], profile: Profile
                  ) -> tuple[list[tuple[str, bytes]], list[str]]:
    out: list[tuple[str, bytes]] = []
    replaced: list[str] = []
    for name, data in members:
        new = pseudonymise_member(name, data, profile.name, profile.code)
        if still_named(name, new, profile.name):
            raise BundleError(out_path, f"cannot be pseudonymised: the name still appears in "
                                        f"{name} where it cannot be replaced safely",
                              "Export without pseudonymising (the bundle is still "
                              "encrypted), or ask for help.")
        if new != data:
            replaced.append("profile.json: the name was removed" if name == "profile.json"
                            else f"{name}: the name was replaced by the code")
        out.append((name, new))
    return out, replaced


# --- import ----------------------------------------------------------------------------


def import_bundle(target: DataStore | Layout, bundle_path: Path, passphrase: str
                  ) -> ImportResult:
    """Take a bundle into the data folder; on any error the folder is left as it was."""
    layout = _layout(target)
    bundle_path = Path(bundle_path)
    check_folder_version(layout)
    plaintext = unseal(bundle_path, _read_bundle(bundle_path), passphrase)
    archive, manifest = open_archive(bundle_path, plaintext)
    with archive:
        made: list[Path] = []
        try:
            make_dirs(layout.root, made)
            with import_lock(layout.root):
                recover_imports(layout.root, locked=True)  # a crashed import first
                result = _take_in(layout, bundle_path, archive, manifest)
        except OSError as exc:
            remove_dirs(made)
            raise _write_failed(layout.root, exc) from exc
        except BaseException:
            remove_dirs(made)
            raise
    mark_folder(layout)
    return result


def _read_bundle(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_SEALED + 8192:
            raise BundleError(path, "is far too large to be a bundle",
                              "Choose the file that was exported.")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise BundleError(path, "does not exist", "Choose the bundle file again.") from exc
    except OSError as exc:
        raise BundleError.from_os_error(path, "could not be read", exc) from exc


def _write_failed(root: Path, exc: OSError) -> BundleError:
    full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return BundleError(
        root, f"the bundle could not be imported: {plain_reason(exc)}",
        ("Free some disk space and import again; " if full else "")
        + "nothing in the data folder was changed.")


def _take_in(layout: Layout, bundle_path: Path, archive: zipfile.ZipFile,
             manifest: Manifest) -> ImportResult:
    staging = new_staging(layout.root)
    try:
        staged = _stage_all(bundle_path, archive, manifest, staging)
        _check_profile(bundle_path, manifest, staged)
        _check_sessions(bundle_path, staged)
        plan = Plan(layout, bundle_path, manifest, staged)
        place_all(layout.root, staging, plan.moves, plan.replacements)
    except ExistsNow as exc:
        raise BundleError(exc.path, "appeared while the bundle was being imported",
                          "Import the bundle again; nothing in the data folder was changed."
                          ) from exc
    finally:
        close_staging(layout.root, staging)
    return ImportResult(
        profile_id=manifest.profile_id,
        profile_created=any(a.kind == "profile" for a in plan.added),
        profile_differs=any(c.kind == "profile" for c in plan.conflicts),
        added=tuple(plan.added), unchanged=plan.unchanged, conflicts=tuple(plan.conflicts),
        bundle_app_version=manifest.app_version, pseudonymised=manifest.pseudonymised,
        merged=tuple(plan.merged))


def _stage_all(bundle_path: Path, archive: zipfile.ZipFile, manifest: Manifest,
               staging: Path) -> dict[str, Path]:
    """Unpack and verify every member into `staging`; archive path -> staged file."""
    staged: dict[str, Path] = {}
    for number, member in enumerate(manifest.members):
        target = staging / f"{number:06d}"
        _stage_member(bundle_path, archive, member, target)
        staged[member.path] = target
    return staged


def _stage_member(bundle_path: Path, archive: zipfile.ZipFile, member: MemberEntry,
                  target: Path) -> None:
    digest = hashlib.sha256()
    size = 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        for block in read_capped(archive, archive.getinfo(member.path), member.size):
            digest.update(block)
            size += len(block)
            write_all(fd, block)
        os.fsync(fd)
    except (ValueError, zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise damaged(bundle_path, f"{member.path} inside it cannot be unpacked ({exc})"
                      ) from exc
    finally:
        os.close(fd)
    if size != member.size:
        raise damaged(bundle_path, f"{member.path} inside it has {size} bytes, but the "
                                   f"manifest says {member.size}")
    if digest.hexdigest() != member.sha256:
        raise damaged(bundle_path, f"{member.path} inside it does not match its checksum")


def _check_sessions(bundle_path: Path, staged: dict[str, Path]) -> None:
    """A journal's file name and its header must name the same session.

    Merging goes by the name's id and reading by the header's, so a member
    whose two disagree could add a second copy of a session already here
    (counted twice) or hide one; such a bundle is refused whole.
    """
    for member, source in staged.items():
        if not member.startswith("sessions/"):
            continue
        info = parse_journal_name(Path(member))
        try:
            with source.open("rb") as f:
                header = json.loads(f.readline(MAX_LINE_BYTES))
        except (OSError, ValueError, RecursionError):
            continue  # an unreadable header: the reader salvages it from the name
        named = header.get("session_id") if isinstance(header, dict) else None
        if info is not None and isinstance(named, str) and named != info.session_id:
            raise damaged(bundle_path, f"{member} inside it is named for session "
                                       f"{info.session_id} but its header says {named}")


def _check_profile(bundle_path: Path, manifest: Manifest, staged: dict[str, Path]) -> None:
    """The bundle's profile must be readable by this app and be the manifest's."""
    if "profile.json" not in staged:
        raise damaged(bundle_path, "it holds no profile.json")
    try:
        profile = read_model(staged["profile.json"], Profile, PROFILE_SCHEMA_VERSION)
    except NewerVersionError as exc:
        raise newer(bundle_path, manifest.app_version, "its profile is in a newer format"
                    ) from exc
    except StoreError as exc:
        problem = exc.problem
        raise damaged(bundle_path, f"its profile.json cannot be used ({problem})") from exc
    if profile.id != manifest.profile_id:
        raise damaged(bundle_path, f"its profile.json is for {profile.id}, its manifest for "
                                   f"{manifest.profile_id}")

