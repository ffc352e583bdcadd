"""The therapist PIN: keeps patients from changing the programme by accident.

Not a security boundary (the data folder is the patient's own), so a salted
PBKDF2 hash from the standard library is plenty. The therapist sets it (typed
twice), changes it with the old PIN, and resets it with a recovery code shown
once when the PIN is set; only hashes of either are stored. A wrong old PIN
or recovery code changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from pydantic import BaseModel, ConfigDict

# Letters and digits that cannot be mistaken for one another when written down.
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class PinError(ValueError):
    """What the therapist must change, in words for the field it belongs to."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # "old", "new", "repeat" or "recovery"


class PinUpdate(BaseModel):
    """New hashes to save, and the recovery code to show once (never stored)."""

    model_config = ConfigDict(frozen=True)

    pin_hash: str
    recovery_hash: str
    recovery_code: str


def hash_pin(pin: str) -> str:
    salt = secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), 100_000).hex()
    return f"{salt}${digest}"


def check_pin(pin: str, stored: str) -> bool:
    salt, _, digest = stored.partition("$")
    try:
        candidate = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt),
                                        100_000).hex()
    except ValueError:
        return False
    return hmac.compare_digest(candidate, digest)


def valid_new_pin(pin: str) -> str:
    """'' if acceptable, else what to change."""
    if not pin.isdigit() or not 4 <= len(pin) <= 8:
        return "Please use 4 to 8 digits."
    return ""


def new_recovery_code() -> str:
    """'K7QM-3XRT-9PLA': 12 characters (about 60 bits), easy to write down."""
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def _normal_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _new(pin: str, repeat: str) -> PinUpdate:
    problem = valid_new_pin(pin)
    if problem:
        raise PinError(problem, "new")
    if pin != repeat:
        raise PinError("The two PINs are not the same. Please type it again.", "repeat")
    code = new_recovery_code()
    return PinUpdate(pin_hash=hash_pin(pin), recovery_hash=hash_pin(_normal_code(code)),
                     recovery_code=code)


def set_pin(current_hash: str, pin: str, repeat: str) -> PinUpdate:
    """The first PIN; refused when one is set already (change or reset it instead)."""
    if current_hash:
        raise PinError("A PIN is set already: change it with the old PIN, or reset it "
                       "with the recovery code.", "new")
    return _new(pin, repeat)


def change_pin(current_hash: str, old: str, pin: str, repeat: str) -> PinUpdate:
    """A new PIN (and recovery code) after the old PIN is given."""
    if not current_hash or not check_pin(old, current_hash):
        raise PinError("The old PIN is not right; nothing was changed.", "old")
    return _new(pin, repeat)


def reset_pin(recovery_hash: str, code: str, pin: str, repeat: str) -> PinUpdate:
    """A new PIN with the recovery code; the code is used up and a new one is made."""
    if not recovery_hash or not check_pin(_normal_code(code), recovery_hash):
        raise PinError("That recovery code is not right; nothing was changed.", "recovery")
    return _new(pin, repeat)
