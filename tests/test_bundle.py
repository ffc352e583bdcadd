"""Encrypted patient bundles (issue #11): export, import, merging, and refusing bad input.

Every refusal is checked against a byte-for-byte snapshot of the destination
data folder (every file's bytes and every folder), taken before and after.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import stat
import struct
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmi import __version__
from gmi.bundles import bundle as bundle_module
from gmi.bundles import format as fmt
from gmi.bundles.bundle import export, import_bundle
from gmi.bundles.format import (
    BundleError,
    Manifest,
    NewerBundle,
    WrongPassphrase,
    build_archive,
    member_entry,
    open_archive,
)
from gmi.bundles.seal import MAGIC, seal, unseal
from gmi.model.laterality import PlannedTrial, judge
from gmi.model.presets import protocol_for
from gmi.store import DataStore, placement
from gmi.store.checkins import CheckInStore
from gmi.store.folder_version import NewerDataFolder
from gmi.store.paths import DataRoot, Layout
from gmi.store.profiles import Profile
from gmi.store.protocols import active_protocol, save_custom
from gmi.store.quarantine import NoticeBoard

N = 2**10  # scrypt cost for tests: fast; the default is 2**15
PASS = "correct horse battery staple"
NAME, CODE = "Zoë O'Neil", "P-4821"


# --- building real data folders with the store's own API ---------------------------------


def new_store(root: Path) -> DataStore:
    return DataStore(DataRoot(root, "command line"))


def add_session(store: DataStore, profile: Profile, trials: int = 4, note: str = "") -> None:
    writer = store.sessions(profile.id).start("laterality", {"trials": trials})
    for n in range(trials):
        side = "left" if n % 2 else "right"
        answer = side if n != 1 else ("right" if side == "left" else "left")
        data = judge(PlannedTrial(n, False, side, "back", 90, 0), answer, 1500.5 + n
                     ).model_dump(mode="json")
        if note and n == 0:
            data["note"] = note
        writer.append("trial", data)
    writer.finish("completed", f"{trials - 1} of {trials} correct", {"accuracy": 0.75})


def add_checkin(store: DataStore, profile: Profile, pain: int) -> None:
    checkins = CheckInStore(store.layout, profile.id, store.notices)
    checkins.save(checkins.begin().model_copy(update={"pain_now": pain, "sleep": "fair"}))


def add_photos(store: DataStore, profile: Profile) -> None:
    folder = store.layout.own_photos_dir(profile.id)
    folder.mkdir(parents=True)
    (folder / "manifest.csv").write_text("file,side,view,rotation,category\n"
                                         "fist-back-1.png,right,back,0,fist\n")
    (folder / "fist-back-1.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)


def person(store: DataStore, sessions: int = 3, checkins: int = 2, photos: bool = True,
           name: str = NAME) -> Profile:
    profile = store.profiles.create(CODE, "hand", "right", name=name, protocol="custom")
    save_custom(store.layout, profile, protocol_for("", "hand"))
    for n in range(sessions):
        add_session(store, profile, trials=3 + n)
    for n in range(checkins):
        add_checkin(store, profile, pain=n + 2)
    if photos:
        add_photos(store, profile)
    return profile


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Relative path -> bytes for every file, None for every folder."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): (None if p.is_dir() else p.read_bytes())
            for p in sorted(root.rglob("*"))}


def files_under(folder: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(folder).items() if v is not None}


@pytest.fixture
def source(tmp_path: Path) -> tuple[DataStore, Profile]:
    store = new_store(tmp_path / "clinic")
    return store, person(store)


@pytest.fixture
def bundle(tmp_path: Path, source: tuple[DataStore, Profile]) -> Path:
    store, profile = source
    out = tmp_path / "out" / f"{CODE}.gmibundle"
    export(store, profile.id, out, PASS, include_photos=True, kdf_n=N)
    return out


@pytest.fixture
def home(tmp_path: Path) -> DataStore:
    """A destination folder that already holds someone else, and a hand-copied oddity."""
    store = new_store(tmp_path / "home")
    other = store.profiles.create("P-0001", "foot", "left")
    add_session(store, other)
    odd = store.layout.sessions_dir(other.id) / "copied by hand.jsonl"
    odd.write_text("not a journal\n")
    return store


def contents(path: Path, passphrase: str = PASS) -> tuple[Manifest, dict[str, bytes]]:
    archive, manifest = open_archive(path, unseal(path, path.read_bytes(), passphrase))
    with archive:
        return manifest, {m.path: archive.read(m.path) for m in manifest.members}


# --- export and round trip -------------------------------------------------------------


def test_round_trip_keeps_every_record_byte_for_byte(source, bundle, home) -> None:
    store, profile = source
    result = import_bundle(home, bundle, PASS)

    src = files_under(store.layout.profile_dir(profile.id))
    dst = files_under(home.layout.profile_dir(profile.id))
    assert dst == src
    assert result.profile_created and not result.conflicts and result.unchanged == 0
    assert result.sessions_added == 3 and result.checkins_added == 2
    assert result.count("protocol") == 1 and result.count("photo") == 2
    assert {a.path for a in result.added} == {home.layout.profile_dir(profile.id) / p
                                              for p in src}
    moved = home.sessions(profile.id)
    assert [i.session_id for i in moved.list()] == \
        [i.session_id for i in store.sessions(profile.id).list()]
    assert [c.events for c in moved.load_all()] == \
        [c.events for c in store.sessions(profile.id).load_all()]
    assert home.profiles.get(profile.id) == profile
    assert not list(home.layout.root.glob(".import-*"))
    assert not home.notices.items()


def test_export_lists_what_it_took_and_the_manifest_describes_it(source, bundle) -> None:
    store, profile = source
    manifest, members = contents(bundle)
    assert manifest.bundle_schema == fmt.BUNDLE_SCHEMA_VERSION
    assert manifest.app_version == __version__ and manifest.data_format_version == 1
    assert manifest.profile_id == profile.id and not manifest.pseudonymised
    folder = store.layout.profile_dir(profile.id)
    assert members == files_under(folder)
    for entry in manifest.members:
        assert entry.size == len(members[entry.path])
        assert entry.sha256 == hashlib.sha256(members[entry.path]).hexdigest()

    without = export(store, profile.id, bundle.with_name("b.gmibundle"), PASS, kdf_n=N)
    assert (without.sessions, without.checkins, without.photos) == (3, 2, 0)
    assert without.protocol and not without.skipped and not without.replaced
    assert not any(m.path.startswith("own-photos/") for m in without.members)


def test_bundle_file_is_private_and_says_nothing_in_the_clear(source, bundle) -> None:
    _, profile = source
    data = bundle.read_bytes()
    assert stat.S_IMODE(bundle.stat().st_mode) == 0o600
    assert data.startswith(MAGIC)
    header = json.loads(data.split(b"\n")[1])
    assert header["kdf"]["name"] == "scrypt" and header["kdf"]["n"] == N
    assert header["cipher"]["name"] == "AES-256-GCM"
    for secret in (NAME.encode(), CODE.encode(), profile.id.encode(), b"laterality"):
        assert secret not in data


def test_hand_copied_records_get_standard_names_and_odd_files_are_listed(source, tmp_path) -> None:
    store, profile = source
    folder = store.layout.sessions_dir(profile.id)
    first = sorted(folder.iterdir())[0]
    first.rename(folder / "from the old laptop.jsonl")
    (folder / "junk.jsonl").write_text("no header here\n")
    checkins = store.layout.profile_dir(profile.id) / "checkins"
    checkin = sorted(checkins.iterdir())[0]
    checkin.rename(checkins / "copied.json")
    photos = store.layout.own_photos_dir(profile.id)
    (photos / "my hand.png").write_bytes(b"png")
    (photos / ".fist.png.123.tmp").write_bytes(b"half")
    out = tmp_path / "x.gmibundle"
    summary = export(store, profile.id, out, PASS, include_photos=True, kdf_n=N)
    assert (summary.sessions, summary.checkins, summary.photos) == (3, 2, 1)
    assert {f"sessions/{first.name}", f"checkins/{checkin.name}"} <= \
        {m.path for m in summary.members}
    assert sorted(Path(s.split(":")[0]).name for s in summary.skipped) == \
        ["junk.jsonl", "my hand.png"]
    assert len(import_bundle(new_store(tmp_path / "h"), out, PASS).added) == 9


def test_export_needs_a_passphrase_and_a_profile(source, tmp_path) -> None:
    store, profile = source
    with pytest.raises(BundleError, match="without a passphrase"):
        export(store, profile.id, tmp_path / "x.gmibundle", "  ", kdf_n=N)
    with pytest.raises(BundleError, match="holds no profile"):
        export(store, "0" * 32, tmp_path / "x.gmibundle", PASS, kdf_n=N)
    assert not (tmp_path / "x.gmibundle").exists()


# --- merging ---------------------------------------------------------------------------


def test_importing_the_same_bundle_twice_adds_nothing(bundle, home) -> None:
    first = import_bundle(home, bundle, PASS)
    before = snapshot(home.layout.root)
    again = import_bundle(home, bundle, PASS)
    assert snapshot(home.layout.root) == before
    assert again.added == () and again.conflicts == ()
    assert again.unchanged == len(first.added)
    assert not again.profile_created and not again.profile_differs


def test_a_later_bundle_adds_only_what_is_new(source, bundle, home, tmp_path) -> None:
    store, profile = source
    import_bundle(home, bundle, PASS)
    add_session(store, profile)
    add_session(store, profile, trials=6)
    add_checkin(store, profile, pain=1)
    later = tmp_path / "later.gmibundle"
    export(store, profile.id, later, PASS, include_photos=True, kdf_n=N)

    result = import_bundle(home, later, PASS)
    assert (result.sessions_added, result.checkins_added, len(result.added)) == (2, 1, 3)
    assert result.unchanged == 3 + 2 + 4  # sessions, check-ins, profile+protocol+2 photos
    assert files_under(home.layout.profile_dir(profile.id)) == \
        files_under(store.layout.profile_dir(profile.id))
    assert len(home.sessions(profile.id).list()) == 5


def test_a_conflict_keeps_both_versions_and_is_reported(source, bundle, home) -> None:
    store, profile = source
    import_bundle(home, bundle, PASS)
    here = home.layout.profile_dir(profile.id)
    journal = sorted((here / "sessions").iterdir())[0]
    journal.write_bytes(journal.read_bytes() + b'{"type":"event","seq":99}\n')
    checkin = sorted((here / "checkins").iterdir())[0]
    answers = json.loads(checkin.read_text())
    checkin.write_text(json.dumps({**answers, "pain_now": 9}, indent=2))
    renamed = profile.model_copy(update={"code": "P-9999"})
    home.profiles.save(renamed)
    before = {p: here.joinpath(p).read_bytes() for p in ("profile.json",)}
    kept = {journal: journal.read_bytes(), checkin: checkin.read_bytes()}

    result = import_bundle(home, bundle, PASS)
    assert result.added == () and result.profile_differs
    assert {(c.kind, c.saved_now) for c in result.conflicts} == {
        ("session", True), ("check-in", True), ("profile", True)}
    for conflict in result.conflicts:
        assert conflict.incoming.is_relative_to(here / "conflicts")
        assert ".incoming-" in conflict.incoming.name
    session = next(c for c in result.conflicts if c.kind == "session")
    assert session.existing == journal and session.key in journal.name
    assert session.incoming.read_bytes() == files_under(
        store.layout.profile_dir(profile.id))[f"sessions/{journal.name}"]
    assert all(path.read_bytes() == data for path, data in kept.items())
    assert here.joinpath("profile.json").read_bytes() == before["profile.json"]
    assert home.profiles.get(profile.id) == renamed
    # The loaders never mistake a conflict copy for a record: nothing is counted twice.
    assert len(home.sessions(profile.id).list()) == 3
    assert len(CheckInStore(home.layout, profile.id, NoticeBoard()).load_all()) == 2
    assert not home.notices.items()

    settled = snapshot(home.layout.root)
    again = import_bundle(home, bundle, PASS)
    assert snapshot(home.layout.root) == settled
    assert again.added == () and {c.saved_now for c in again.conflicts} == {False}


def test_records_here_under_unusual_names_are_matched_by_id(bundle, home, source) -> None:
    _, profile = source
    import_bundle(home, bundle, PASS)
    here = home.layout.profile_dir(profile.id)
    for folder, name in (("sessions", "old laptop.jsonl"), ("checkins", "copied.json")):
        sorted((here / folder).iterdir())[0].rename(here / folder / name)
    before = snapshot(home.layout.root)
    result = import_bundle(home, bundle, PASS)
    assert result.added == () and result.conflicts == ()
    assert snapshot(home.layout.root) == before


def test_a_missing_profile_is_restored_and_the_rest_kept(source, bundle, home) -> None:
    _, profile = source
    import_bundle(home, bundle, PASS)
    home.layout.profile_file(profile.id).unlink()
    result = import_bundle(home, bundle, PASS)
    assert result.profile_created and [a.kind for a in result.added] == ["profile"]
    assert home.profiles.get(profile.id) == profile


def test_import_into_a_plain_layout_makes_the_folder(bundle, tmp_path) -> None:
    layout = Layout(tmp_path / "new" / "data")
    result = import_bundle(layout, bundle, PASS)
    assert len(result.added) == 9
    assert layout.folder_mark_file.exists()
    assert stat.S_IMODE(layout.root.stat().st_mode) == 0o700


# --- pseudonymising --------------------------------------------------------------------


def test_pseudonymised_bundle_holds_the_code_instead_of_the_name(source, tmp_path) -> None:
    store, profile = source
    add_session(store, profile, note=f"{NAME.upper()} said the left hand felt better")
    custom = protocol_for("", "hand").model_copy(
        update={"description": f"Programme for {NAME}, reviewed weekly"})
    save_custom(store.layout, profile, custom)
    out = tmp_path / "p.gmibundle"
    summary = export(store, profile.id, out, PASS, pseudonymise=True, include_photos=True,
                     kdf_n=N)

    manifest, members = contents(out)
    assert manifest.pseudonymised and summary.pseudonymised
    originals = files_under(store.layout.profile_dir(profile.id))
    changed = {p for p in members if members[p] != originals[p]}
    assert len(changed) == 3  # the profile, the journal with the note, the protocol
    assert sorted(summary.replaced)[0] == "profile.json: the name was removed"
    for path, data in members.items():
        assert NAME.casefold() not in data.decode("utf-8", "replace").casefold(), path
        assert b"Zo\\u00eb" not in data, path
    assert json.loads(members["profile.json"])["name"] == ""
    journal = next(members[p] for p in changed if p.startswith("sessions/"))
    note_line = next(line for line in journal.split(b"\n") if b"note" in line)
    assert json.loads(note_line)["data"]["note"] == f"{CODE} said the left hand felt better"
    assert journal.split(b"\n")[0] == originals[next(
        p for p in changed if p.startswith("sessions/"))].split(b"\n")[0]
    assert f"Programme for {CODE}".encode() in members["protocol.toml"]

    home = new_store(tmp_path / "elsewhere")
    import_bundle(home, out, PASS)
    moved = home.profiles.get(profile.id)
    assert moved is not None and moved.name == "" and moved.display_name == CODE
    assert len(home.sessions(profile.id).load_all()) == 4
    notices = NoticeBoard()
    assert active_protocol(home.layout, moved, notices).description.startswith(
        f"Programme for {CODE}")
    assert not notices.items() and not home.notices.items()


def test_pseudonymising_stops_rather_than_leak_the_name(tmp_path) -> None:
    store = new_store(tmp_path / "d")
    profile = store.profiles.create("Ann 2", "hand", "left", name="Ann")
    with pytest.raises(BundleError, match="cannot be pseudonymised"):
        export(store, profile.id, tmp_path / "x.gmibundle", PASS, pseudonymise=True, kdf_n=N)
    assert not (tmp_path / "x.gmibundle").exists()


# --- refusing bad input, leaving the folder as it was ---------------------------------


def refused(home: DataStore, path: Path, passphrase: str = PASS) -> BundleError:
    """Import must fail with one BundleError and change nothing at all."""
    before = snapshot(home.layout.root)
    with pytest.raises(BundleError) as caught:
        import_bundle(home, path, passphrase)
    assert snapshot(home.layout.root) == before
    assert str(path) in caught.value.message or str(home.layout.root) in caught.value.message
    return caught.value


def test_wrong_passphrase(bundle, home) -> None:
    error = refused(home, bundle, "correct horse battery stapler")
    assert isinstance(error, WrongPassphrase)
    assert "passphrase does not open this bundle" in error.message


def test_passphrase_is_compared_after_unicode_normalisation(source, tmp_path) -> None:
    store, profile = source
    out = tmp_path / "u.gmibundle"
    export(store, profile.id, out, "Zoe\u0308 1", kdf_n=N)  # decomposed ë
    assert import_bundle(new_store(tmp_path / "h"), out, "Zo\u00eb 1").profile_created


@pytest.mark.parametrize("keep", [0, 4, len(MAGIC) + 10, -400, -17, -1])
def test_truncated_bundle(bundle, home, keep) -> None:
    data = bundle.read_bytes()
    bundle.write_bytes(data[:keep])
    error = refused(home, bundle)
    assert not isinstance(error, WrongPassphrase)
    assert any(w in error.message for w in ("empty", "cut off", "incomplete"))


def test_bytes_added_at_the_end(bundle, home) -> None:
    bundle.write_bytes(bundle.read_bytes() + b"\0" * 10)
    assert "10 unexpected bytes at the end" in refused(home, bundle).message


@pytest.mark.parametrize("where", ["magic", "header", "digest", "ciphertext", "tag"])
def test_bit_flip(bundle, home, where) -> None:
    data = bytearray(bundle.read_bytes())
    header_end = data.index(b"\n", len(MAGIC))
    salt_at = data.index(b'"salt":"', len(MAGIC)) + 9
    at = {"magic": 3, "header": salt_at, "digest": header_end + 5,
          "ciphertext": len(data) // 2, "tag": len(data) - 3}[where]
    data[at] ^= 0x04
    bundle.write_bytes(bytes(data))
    error = refused(home, bundle)
    assert not isinstance(error, WrongPassphrase)
    expected = "is not a GMI Trainer bundle" if where == "magic" else "is damaged"
    assert expected in error.message


@pytest.mark.parametrize("data", [b"%PDF-1.7\n...", b"PK\x03\x04zip", b"hello\n" * 100])
def test_not_a_bundle(tmp_path, home, data) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    assert "is not a GMI Trainer bundle" in refused(home, path).message


def test_missing_bundle_file(tmp_path, home) -> None:
    assert "does not exist" in refused(home, tmp_path / "nowhere.gmibundle").message


def rewrite_header(path: Path, **changes) -> None:
    """Change clear header fields and give it a matching digest (as a newer app would)."""
    data = path.read_bytes()
    end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC):end])
    for key, value in changes.items():
        if key in ("n", "r", "p"):
            header["kdf"][key] = value
        else:
            header[key] = value
    lines = MAGIC + json.dumps(header).encode() + b"\n"
    body = data[end + 1 + 65:]
    path.write_bytes(lines + hashlib.sha256(lines).hexdigest().encode() + b"\n" + body)


def test_newer_bundle_format_in_the_header(bundle, home) -> None:
    rewrite_header(bundle, format=2, app_version="3.1")
    error = refused(home, bundle)
    assert isinstance(error, NewerBundle)
    assert "made by a newer GMI Trainer (version 3.1" in error.message
    assert "Update GMI Trainer" in error.message


def test_newer_kind_of_bundle_by_its_magic(bundle, home) -> None:
    bundle.write_bytes(b"GMIBUNDLE2\n" + bundle.read_bytes()[len(MAGIC):])
    assert isinstance(refused(home, bundle), NewerBundle)


@pytest.mark.parametrize("costs", [{"n": 2**30}, {"n": 2**20, "r": 8}, {"n": 1000},
                                   {"n": 2**16, "r": 1}, {"n": 2**20, "r": 1},
                                   {"n": 2**20, "r": 2, "p": 2},
                                   {"r": 64}, {"p": 1000}])
def test_absurd_key_settings_are_refused_before_any_work(bundle, home, costs) -> None:
    rewrite_header(bundle, **costs)
    assert "unreasonable key settings" in refused(home, bundle).message


def sealed_archive(path: Path, manifest: dict, entries: list[tuple[zipfile.ZipInfo | str, bytes]],
                   patch: dict[str, int] | None = None) -> Path:
    """A correctly encrypted bundle around an archive built by hand (possibly hostile)."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        warnings.simplefilter("ignore")  # duplicate names
        z.writestr(fmt.MANIFEST_NAME, json.dumps(manifest))
        for info, data in entries:
            z.writestr(info, data)
    raw = buffer.getvalue()
    for name, size in (patch or {}).items():
        raw = patched_size(raw, name, size)
    path.write_bytes(seal(raw, PASS, N))
    return path


def patched_size(raw: bytes, name: str, size: int) -> bytes:
    """Forge the uncompressed size the zip's central directory claims for `name`."""
    data = bytearray(raw)
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length] == name.encode():
            struct.pack_into("<I", data, at + 24, size)
        at += 4
    return bytes(data)


def manifest_for(profile: Profile, entries: list[tuple[str, bytes]], **changes) -> dict:
    manifest = {"bundle_schema": 1, "app_version": __version__, "data_format_version": 1,
                "profile_id": profile.id, "created_at": "2026-05-01T10:00:00+02:00",
                "pseudonymised": False,
                "members": [member_entry(n, d).model_dump() for n, d in entries]}
    manifest.update(changes)
    return manifest


@pytest.fixture
def good(source) -> list[tuple[str, bytes]]:
    store, profile = source
    folder = store.layout.profile_dir(profile.id)
    return sorted(files_under(folder).items())


@pytest.mark.parametrize("changes", [{"bundle_schema": 2}, {"data_format_version": 5}])
def test_newer_bundle_contents(source, good, home, tmp_path, changes) -> None:
    _, profile = source
    path = sealed_archive(tmp_path / "n.gmibundle",
                          manifest_for(profile, good, app_version="4.0", **changes), good)
    error = refused(home, path)
    assert isinstance(error, NewerBundle) and "(version 4.0" in error.message


@pytest.mark.parametrize("name, problem", [
    ("../evil.jsonl", "climbs out"),
    ("sessions/../../../evil.jsonl", "climbs out"),
    ("/etc/profile.json", "absolute path"),
    ("C:/Users/x/profile.json", "absolute path"),
    ("sessions\\..\\evil.jsonl", "backslash"),
    ("settings.json", "not a file a GMI Trainer bundle holds"),
    ("sessions/notes.txt", "not a file a GMI Trainer bundle holds"),
    ("own-photos/.hidden.png", "not a file a GMI Trainer bundle holds"),
    ("own-photos/con.png", "Windows keeps for devices"),
])
def test_member_paths_that_climb_out_or_are_unknown(source, good, home, tmp_path,
                                                    name, problem) -> None:
    _, profile = source
    entries = [*good, (name, b"x")]
    path = sealed_archive(tmp_path / "e.gmibundle", manifest_for(profile, entries), entries)
    error = refused(home, path)
    assert problem in error.message and repr(name) in error.message
    assert not (home.layout.root.parent / "evil.jsonl").exists()


def test_symlink_member(source, good, home, tmp_path) -> None:
    _, profile = source
    link = zipfile.ZipInfo("own-photos/link.png")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    entries = [*good, (link, b"/etc/passwd")]
    named = [(n if isinstance(n, str) else n.filename, d) for n, d in entries]
    path = sealed_archive(tmp_path / "l.gmibundle", manifest_for(profile, named), entries)
    assert "is a link" in refused(home, path).message


def test_duplicate_member(source, good, home, tmp_path) -> None:
    _, profile = source
    entries = [*good, good[-1]]
    path = sealed_archive(tmp_path / "d.gmibundle", manifest_for(profile, good), entries)
    assert "appears twice" in refused(home, path).message


def test_member_not_in_the_manifest_and_entry_without_member(source, good, home,
                                                             tmp_path) -> None:
    _, profile = source
    path = sealed_archive(tmp_path / "a.gmibundle", manifest_for(profile, good[:-1]), good)
    assert "not listed in its manifest.json" in refused(home, path).message
    path = sealed_archive(tmp_path / "b.gmibundle", manifest_for(profile, good), good[:-1])
    assert "is missing" in refused(home, path).message


def test_member_that_does_not_match_its_digest(source, good, home, tmp_path) -> None:
    _, profile = source
    manifest = manifest_for(profile, good)
    tampered = [(n, d.replace(b"right", b"left!")) for n, d in good]
    path = sealed_archive(tmp_path / "t.gmibundle", manifest, tampered)
    assert "does not match its checksum" in refused(home, path).message


def test_zip_bomb_is_refused_by_the_manifest_size(source, good, home, tmp_path) -> None:
    _, profile = source
    bomb = ("own-photos/bomb.csv", b"\0" * 50_000_000)
    listed = [*good, ("own-photos/bomb.csv", b"tiny")]
    path = sealed_archive(tmp_path / "b.gmibundle", manifest_for(profile, listed), [*good, bomb])
    assert "but its manifest.json says 4" in refused(home, path).message
    # With its size forged to match the manifest, unpacking stops at the manifest's size.
    path = sealed_archive(tmp_path / "c.gmibundle", manifest_for(profile, listed), [*good, bomb],
                          patch={"own-photos/bomb.csv": 4})
    assert "own-photos/bomb.csv inside it cannot be unpacked" in refused(home, path).message


def test_total_size_and_member_count_are_capped(source, good, home, tmp_path,
                                                monkeypatch) -> None:
    _, profile = source
    big = [("own-photos/a.csv", b"a"), ("own-photos/b.csv", b"b")]
    manifest = manifest_for(profile, [*good, *big])
    for entry in manifest["members"][-2:]:
        entry["size"] = 1_500_000_000
    path = sealed_archive(tmp_path / "s.gmibundle", manifest, [*good, *big],
                          patch={"own-photos/a.csv": 1_500_000_000,
                                 "own-photos/b.csv": 1_500_000_000})
    assert "more than a bundle may hold" in refused(home, path).message

    monkeypatch.setattr(fmt, "MAX_MEMBERS", 3)
    path = sealed_archive(tmp_path / "m.gmibundle", manifest_for(profile, good), good)
    assert "more than the 3 a bundle may hold" in refused(home, path).message


@pytest.mark.parametrize("manifest", ["not json", "[1, 2]", '{"bundle_schema": 1}'])
def test_unreadable_manifest(good, home, tmp_path, manifest) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(fmt.MANIFEST_NAME, manifest)
    path = tmp_path / "u.gmibundle"
    path.write_bytes(seal(buffer.getvalue(), PASS, N))
    assert "manifest.json" in refused(home, path).message


def test_profile_that_is_not_the_manifests(source, good, home, tmp_path) -> None:
    _, profile = source
    other = profile.model_copy(update={"id": "a" * 32})
    path = sealed_archive(tmp_path / "p.gmibundle", manifest_for(other, good), good)
    assert "its profile.json is for" in refused(home, path).message


def test_an_archive_that_is_not_a_zip(home, tmp_path) -> None:
    path = tmp_path / "z.gmibundle"
    path.write_bytes(seal(b"just bytes", PASS, N))
    assert "the archive inside cannot be read" in refused(home, path).message


def test_a_newer_data_folder_is_not_touched(bundle, home) -> None:
    home.layout.folder_mark_file.write_text('{"schema_version": 9, "app_version": "9.0"}')
    before = snapshot(home.layout.root)
    with pytest.raises(NewerDataFolder):
        import_bundle(home, bundle, PASS)
    assert snapshot(home.layout.root) == before


def test_full_disk_while_unpacking(bundle, home, monkeypatch) -> None:
    real = bundle_module.write_all
    calls = []

    def filling(fd: int, data: bytes) -> None:
        calls.append(1)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(bundle_module, "write_all", filling)
    error = refused(home, bundle)
    assert len(calls) == 5
    assert "the disk is full" in error.message and "Free some disk space" in error.message


@pytest.mark.parametrize("fail_at", [1, 4, 9])
def test_full_disk_while_placing_takes_back_what_was_placed(bundle, home, monkeypatch,
                                                           fail_at) -> None:
    real = placement.place_file
    calls = []

    def placing(source: Path, dest: Path) -> None:
        calls.append(dest)
        if len(calls) == fail_at:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(source, dest)

    monkeypatch.setattr(placement, "place_file", placing)
    assert "the disk is full" in refused(home, bundle).message
    assert len(calls) == fail_at
    assert not list(home.layout.root.glob(".import-*"))


def test_an_interrupt_while_placing_takes_back_what_was_placed(bundle, home, monkeypatch
                                                               ) -> None:
    """Not only disk errors: any exception after the commit leaves the folder as it was."""
    real = placement.place_file
    calls = []

    def placing(source: Path, dest: Path) -> None:
        calls.append(dest)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(source, dest)

    monkeypatch.setattr(placement, "place_file", placing)
    before = snapshot(home.layout.root)
    with pytest.raises(KeyboardInterrupt):
        import_bundle(home, bundle, PASS)
    assert snapshot(home.layout.root) == before  # no staging folder left either


def test_placing_falls_back_to_rename_without_hard_links(bundle, home, monkeypatch) -> None:
    def no_links(*_args) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(placement.os, "link", no_links)
    assert len(import_bundle(home, bundle, PASS).added) == 9
    assert not list(home.layout.root.glob(".import-*"))


# --- properties ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def valid_bundle(tmp_path_factory) -> tuple[bytes, Path]:
    root = tmp_path_factory.mktemp("prop")
    store = new_store(root / "src")
    profile = person(store, sessions=2, checkins=1, photos=False)
    out = root / "b.gmibundle"
    export(store, profile.id, out, PASS, kdf_n=N)
    dest = new_store(root / "dest")
    add_session(dest, dest.profiles.create("P-0002", "hand", "left"))
    return out.read_bytes(), root


@settings(max_examples=60)
@given(data=st.data())
def test_any_flipped_byte_is_refused_and_changes_nothing(valid_bundle, data) -> None:
    raw, root = valid_bundle
    at = data.draw(st.integers(0, len(raw) - 1), label="position")
    mask = data.draw(st.integers(1, 255), label="mask")
    broken = bytearray(raw)
    broken[at] ^= mask
    check_refused(root, bytes(broken))


@settings(max_examples=40)
@given(data=st.data())
def test_any_truncation_is_refused_and_changes_nothing(valid_bundle, data) -> None:
    raw, root = valid_bundle
    keep = data.draw(st.integers(0, len(raw) - 1), label="kept bytes")
    check_refused(root, raw[:keep])


def check_refused(root: Path, data: bytes) -> None:
    dest = new_store(root / "dest")
    path = root / "bad.gmibundle"
    path.write_bytes(data)
    before = snapshot(dest.layout.root)
    with pytest.raises(BundleError) as caught:
        import_bundle(dest, path, PASS)
    assert snapshot(dest.layout.root) == before
    assert not isinstance(caught.value, WrongPassphrase)


def test_sealing_round_trips_and_archives_are_reproducible() -> None:
    manifest = Manifest(bundle_schema=1, app_version="x", data_format_version=1,
                        profile_id="b" * 32, created_at="now", pseudonymised=False,
                        members=[member_entry("profile.json", b"{}")])
    archive = build_archive(manifest, [("profile.json", b"{}")])
    assert archive == build_archive(manifest, [("profile.json", b"{}")])
    sealed = seal(archive, PASS, N)
    assert unseal(Path("b"), sealed, PASS) == archive
    assert sealed != seal(archive, PASS, N)  # fresh salt and nonce every time


# --- the own photos' list is joined, not set aside ------------------------------------------


def add_second_photo(store: DataStore, profile: Profile) -> None:
    folder = store.layout.own_photos_dir(profile.id)
    with (folder / "manifest.csv").open("a", encoding="utf-8") as out:
        out.write("open-palm-2.png,left,palm,90,open\n")
    (folder / "open-palm-2.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(255, -1, -1)))


def test_a_later_bundle_s_new_photos_join_the_list(source, bundle, home, tmp_path) -> None:
    store, profile = source
    import_bundle(home, bundle, PASS)
    here = home.layout.own_photos_dir(profile.id)
    (here / "manifest.csv").write_text((here / "manifest.csv").read_text()
                                       + "clinic-3.png,right,side,0,flat\n")  # only here
    add_second_photo(store, profile)
    later = tmp_path / "later.gmibundle"
    export(store, profile.id, later, PASS, include_photos=True, kdf_n=N)

    result = import_bundle(home, later, PASS)
    assert result.conflicts == () and result.merged == (here / "manifest.csv",)
    assert [a.key for a in result.added] == ["open-palm-2.png"]
    assert "now includes the bundle's new ones" in " ".join(result.lines())
    rows = (here / "manifest.csv").read_text().splitlines()
    assert rows == ["file,side,view,rotation,category", "fist-back-1.png,right,back,0,fist",
                    "clinic-3.png,right,side,0,flat", "open-palm-2.png,left,palm,90,open"]
    assert stat.S_IMODE((here / "manifest.csv").stat().st_mode) == 0o600
    before = snapshot(home.layout.root)
    again = import_bundle(home, later, PASS)
    assert snapshot(home.layout.root) == before and again.merged == () and again.added == ()


def test_a_failed_join_leaves_everything_as_it_was(source, bundle, home, tmp_path,
                                                    monkeypatch) -> None:
    store, profile = source
    import_bundle(home, bundle, PASS)
    add_second_photo(store, profile)
    add_session(store, profile)
    later = tmp_path / "later.gmibundle"
    export(store, profile.id, later, PASS, include_photos=True, kdf_n=N)

    real = placement.os.replace

    def full(source, dest) -> None:
        if Path(dest).name == "manifest.csv":  # the join is placed last
            raise OSError(errno.ENOSPC, "No space left on device")
        real(source, dest)

    monkeypatch.setattr(placement.os, "replace", full)
    assert "the disk is full" in refused(home, later).message  # new photo and session undone


def test_an_unreadable_list_is_kept_beside_as_a_conflict(source, bundle, home) -> None:
    _store, profile = source
    import_bundle(home, bundle, PASS)
    here = home.layout.own_photos_dir(profile.id) / "manifest.csv"
    here.write_bytes(b"\xff\xfe not a list")
    result = import_bundle(home, bundle, PASS)
    assert [c.key for c in result.conflicts] == ["manifest.csv"]
    assert here.read_bytes() == b"\xff\xfe not a list"


def test_an_older_bundle_after_a_newer_one_changes_no_list(source, home, tmp_path) -> None:
    store, profile = source
    folder = store.layout.own_photos_dir(profile.id)
    lines = (folder / "manifest.csv").read_text().splitlines()
    (folder / "manifest.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode())  # as csv does
    older = tmp_path / "older.gmibundle"
    export(store, profile.id, older, PASS, include_photos=True, kdf_n=N)
    add_second_photo(store, profile)
    newer = tmp_path / "newer.gmibundle"
    export(store, profile.id, newer, PASS, include_photos=True, kdf_n=N)
    import_bundle(home, newer, PASS)
    before = snapshot(home.layout.root)
    result = import_bundle(home, older, PASS)
    assert snapshot(home.layout.root) == before
    assert result.merged == () and result.conflicts == ()
    assert "photos now includes" not in " ".join(result.lines())


def test_rows_are_joined_once_and_only_for_pictures_that_arrived(source, bundle, home,
                                                                 tmp_path) -> None:
    store, profile = source
    import_bundle(home, bundle, PASS)
    here = home.layout.own_photos_dir(profile.id)
    (here / "open-palm-2.png").write_bytes(b"another picture made here")  # same name
    folder = store.layout.own_photos_dir(profile.id)
    add_second_photo(store, profile)
    with (folder / "manifest.csv").open("a", encoding="utf-8") as out:
        out.write("open-palm-2.png,left,palm,90,open\n")  # listed twice by mistake
    (folder / "pinch-3.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"3" * 300)
    with (folder / "manifest.csv").open("a", encoding="utf-8") as out:
        out.write("pinch-3.png,right,back,45,pinch\n")
        out.write("pinch-3.png,right,back,45,pinch\n")
    later = tmp_path / "later.gmibundle"
    export(store, profile.id, later, PASS, include_photos=True, kdf_n=N)
    result = import_bundle(home, later, PASS)
    assert [c.key for c in result.conflicts] == ["open-palm-2.png"]  # kept beside
    rows = (here / "manifest.csv").read_text().splitlines()
    assert [r.split(",")[0] for r in rows] == ["file", "fist-back-1.png", "pinch-3.png"]
