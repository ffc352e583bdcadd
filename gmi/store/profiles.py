"""Patient profiles: who practises, with which hand or foot, on which protocol.

One folder per profile (named by a random id so data merged from another
machine never collides), holding ``profile.json`` and the sessions.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gmi.model.limits import Moment
from gmi.model.stages import BodyPart, Side, Stage
from gmi.store.errors import NewerVersionError, StoreError
from gmi.store.files import ensure_dir
from gmi.store.jsonfile import DamagedFile, read_model, write_model
from gmi.store.paths import Layout
from gmi.store.quarantine import Notice, NoticeBoard, quarantine
from gmi.store.records import local_now

PROFILE_SCHEMA_VERSION = 1
_ID = re.compile(r"^[0-9a-f]{32}$")


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = Field(default=PROFILE_SCHEMA_VERSION, ge=1)
    id: str = Field(pattern=r"^[0-9a-f]{32}$")
    code: str = Field(min_length=1, max_length=40)
    name: str = Field(default="", max_length=80)
    body_part: BodyPart
    affected_side: Side
    protocol: str = ""  # preset id; "" means the standard preset for the body part
    unlocked: list[Stage] = Field(default_factory=list)  # opened early by the therapist
    created_at: Moment

    @field_validator("code", "name")
    @classmethod
    def _plain_text(cls, value: str) -> str:
        value = " ".join(value.split())
        if any(not ch.isprintable() for ch in value):
            raise ValueError("use letters, digits and ordinary punctuation only")
        return value

    @property
    def display_name(self) -> str:
        """The name if one was given, otherwise the code (pseudonymous use)."""
        return self.name or self.code


@dataclass(frozen=True)
class DamagedProfile:
    """A profile folder whose profile.json is missing or unusable."""

    profile_id: str
    folder: Path
    reason: str
    session_count: int


def suggest_code() -> str:
    """A short code for people who prefer not to type their name."""
    return f"P-{secrets.randbelow(9000) + 1000}"


class ProfileStore:
    def __init__(self, layout: Layout, notices: NoticeBoard) -> None:
        self.layout = layout
        self.notices = notices

    def list(self) -> tuple[list[Profile], list[DamagedProfile]]:
        """Readable profiles (by name) and folders needing a restore."""
        profiles: list[Profile] = []
        damaged: list[DamagedProfile] = []
        folder = self.layout.profiles_dir
        if not folder.is_dir():
            return profiles, damaged
        for entry in sorted(folder.iterdir()):
            if not entry.is_dir() or not _ID.match(entry.name):
                continue
            result = self._read(entry.name)
            if isinstance(result, Profile):
                profiles.append(result)
            elif result is not None:
                damaged.append(result)
        profiles.sort(key=lambda p: p.display_name.casefold())
        return profiles, damaged

    def get(self, profile_id: str) -> Profile | None:
        result = self._read(profile_id) if _ID.match(profile_id) else None
        return result if isinstance(result, Profile) else None

    def create(
        self,
        code: str,
        body_part: BodyPart,
        affected_side: Side,
        name: str = "",
        protocol: str = "",
        profile_id: str | None = None,
    ) -> Profile:
        """Make and save a new profile (or restore one into an existing folder)."""
        profile = Profile(
            id=profile_id or uuid.uuid4().hex,
            code=code,
            name=name,
            body_part=body_part,
            affected_side=affected_side,
            protocol=protocol,
            created_at=local_now(),
        )
        self.save(profile)
        return profile

    def save(self, profile: Profile) -> None:
        ensure_dir(self.layout.profile_dir(profile.id))
        write_model(self.layout.profile_file(profile.id), profile)

    def code_taken(self, code: str, except_id: str | None = None) -> bool:
        wanted = " ".join(code.split()).casefold()
        profiles, _ = self.list()
        return any(p.code.casefold() == wanted and p.id != except_id for p in profiles)

    def _read(self, profile_id: str) -> Profile | DamagedProfile | None:
        path = self.layout.profile_file(profile_id)
        folder = path.parent
        if not path.exists():
            sessions = _count_sessions(self.layout.sessions_dir(profile_id))
            if sessions == 0:
                return None  # an empty leftover folder is not worth a warning
            return DamagedProfile(profile_id, folder, "the profile details are missing", sessions)
        try:
            profile = read_model(path, Profile, PROFILE_SCHEMA_VERSION)
        except NewerVersionError as exc:
            self.notices.add(Notice(path, exc.message))
            return None
        except DamagedFile as exc:
            return self._set_aside(path, exc.problem)
        except StoreError as exc:
            self.notices.add(Notice(path, exc.message))
            return None
        if profile.id != profile_id:
            return self._set_aside(
                path, f"names profile {profile.id} but sits in folder {profile_id}")
        return profile

    def _set_aside(self, path: Path, problem: str) -> DamagedProfile:
        profile_id = path.parent.name
        try:
            moved = quarantine(path, self.layout.quarantine_dir, problem, self.layout.root)
            where = f"It was set aside in {moved.parent}"
        except (OSError, StoreError) as exc:
            moved, where = None, f"It could not be set aside ({exc})"
        self.notices.add(Notice(
            path,
            f"Profile details could not be read: {path} {problem}. {where}; the practice "
            "sessions in that folder are kept. Choose Restore under 'Who is practising' "
            "to enter the details again.",
            moved,
        ))
        sessions = _count_sessions(self.layout.sessions_dir(profile_id))
        return DamagedProfile(profile_id, path.parent, problem, sessions)


def _count_sessions(folder: Path) -> int:
    if not folder.is_dir():
        return 0
    return sum(1 for p in folder.iterdir() if p.suffix == ".jsonl")
