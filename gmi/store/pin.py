"""The therapist PIN: keeps patients from changing the programme by accident.

Not a security boundary (the data folder is the patient's own), so a salted
PBKDF2 hash from the standard library is plenty.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets


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
