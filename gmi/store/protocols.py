"""Which protocol a person follows: a built-in preset or their own file.

A therapist's edited protocol is kept as ``protocol.toml`` in the person's
folder (profile.protocol == "custom"). If that file is damaged, the standard
preset is used and a notice names the file, so practice never stops.
"""

from __future__ import annotations

from gmi.model.presets import protocol_for
from gmi.model.protocol import Protocol, ProtocolError, load_protocol_file, protocol_to_toml
from gmi.model.stages import Stage
from gmi.store.changelog import How, record_change
from gmi.store.files import write_atomic
from gmi.store.paths import Layout
from gmi.store.profiles import Profile, ProfileStore
from gmi.store.quarantine import Notice, NoticeBoard

CUSTOM = "custom"


def custom_path(layout: Layout, profile: Profile):
    return layout.profile_dir(profile.id) / "protocol.toml"


def active_protocol(layout: Layout, profile: Profile, notices: NoticeBoard | None = None
                    ) -> Protocol:
    if profile.protocol == CUSTOM:
        path = custom_path(layout, profile)
        try:
            protocol = load_protocol_file(path)
            if protocol.body_part == profile.body_part:
                return protocol
            problem = f"{path}: is a {protocol.body_part} protocol for a {profile.body_part}"
        except ProtocolError as exc:
            problem = str(exc)
        if notices is not None:
            notices.add(Notice(path, f"The therapist's protocol could not be used ({problem}); "
                                     "the standard programme is used meanwhile."))
    return protocol_for(profile.protocol, profile.body_part)


def save_custom(layout: Layout, profile: Profile, protocol: Protocol) -> None:
    write_atomic(custom_path(layout, profile), protocol_to_toml(protocol).encode("utf-8"))


def apply_protocol(layout: Layout, profiles: ProfileStore, profile: Profile, protocol: Protocol,
                   unlocked: list[Stage] | None = None, how: How | None = None,
                   source: str = "") -> Profile:
    """Make `protocol` the person's programme; returns the saved profile.

    A protocol equal to a preset is kept as that preset's id (so a later app
    version's improved preset reaches the person); anything else is saved as
    their own ``protocol.toml``. `unlocked`: stages opened early (None: keep).
    `how` (with `source`, e.g. the file's name) records the change and what
    changed in the therapist log, for the report and the history.
    """
    from gmi.model.presets import presets
    from gmi.model.protocol_diff import describe_changes
    from gmi.model.stages import STAGE_TITLES

    before = active_protocol(layout, profile) if how is not None else None

    preset = presets().get(protocol.id)
    use_preset = preset is not None and preset == protocol
    if not use_preset:
        save_custom(layout, profile, protocol)
    updated = profile.model_copy(update={
        "protocol": protocol.id if use_preset else CUSTOM,
        "unlocked": profile.unlocked if unlocked is None else unlocked})
    profiles.save(updated)
    if how is not None and before is not None:
        changes = describe_changes(before, protocol)
        opened = [s for s in updated.unlocked if s not in profile.unlocked]
        if changes or how != "programme edited":
            detail = "; ".join(changes) or "no setting changed"
            record_change(layout, how, profile.id,
                          (f"{source}: " if source else "") + detail)
        if opened:
            record_change(layout, "stage opened early", profile.id,
                          ", ".join(STAGE_TITLES[s] for s in opened))
    return updated
