"""Sealing a bundle: the clear header, the key from the passphrase, AES-256-GCM.

The file layout is described in bundle_format.py. Key: scrypt(passphrase,
salt, n, r, p) gives 48 bytes; the first 32 are the AES-256-GCM key, the
other 16 the ``check`` value kept in the header. With it a wrong passphrase
is told apart from a damaged file (AES-GCM alone can only say "does not
open"); it lets nobody test passphrases any faster than trying to decrypt,
since scrypt is the cost either way. The header's digest line tells
accidental damage to the header apart from a wrong passphrase too. All the
clear lines are the AES-GCM associated data, so none of them can be changed
without the bundle refusing to open. The scrypt costs are read from the
header but refused beyond sensible limits, so a hostile file cannot make
the import hang or eat memory.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import unicodedata
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gmi import __version__
from gmi.bundles.format import (
    NOTHING_CHANGED,
    SUFFIX,
    BundleError,
    WrongPassphrase,
    damaged,
    newer,
)
from gmi.model.validation import describe

MAGIC = b"GMIBUNDLE1\n"
MAGIC_FAMILY = b"GMIBUNDLE"  # any GMIBUNDLE<n>: a bundle, maybe a newer kind
ENVELOPE_VERSION = 1  # the clear header and its encryption

DEFAULT_SCRYPT_N = 2**15  # about 0.1 s and 32 MiB here
SCRYPT_R, SCRYPT_P = 8, 1
# A hostile header must not make the import hang or eat memory.
MIN_SCRYPT_N, MAX_SCRYPT_N = 2**10, 2**20
MAX_SCRYPT_R, MAX_SCRYPT_P = 16, 4
MAX_SCRYPT_MEMORY = 256 * 2**20  # scrypt needs 128 * n * r bytes
# n * r * p: 8 times the default; 2**21 takes about 2.5 s on a 2-core laptop, 2**22
# took 4.5 s (measured with r=2, p=2 and r=8, p=2), past "a few seconds"
MAX_SCRYPT_WORK = 2**21
SALT_BYTES, NONCE_BYTES, CHECK_BYTES, TAG_BYTES = 16, 12, 16, 16

MAX_HEADER_LINE = 4096
MAX_SEALED = 2**31 - 1 - TAG_BYTES  # one AES-GCM call takes at most 2**31 - 1 bytes


class KdfParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: str = Field(pattern=r"^scrypt$")
    n: int
    r: int
    p: int
    salt: str  # base64


class CipherParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: str = Field(pattern=r"^AES-256-GCM$")
    nonce: str  # base64


class Header(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    format: int
    app_version: str = Field(max_length=64)
    kdf: KdfParams
    cipher: CipherParams
    length: int = Field(ge=TAG_BYTES, le=MAX_SEALED + TAG_BYTES)  # ciphertext bytes
    check: str  # base64 of the passphrase check value


def scrypt_problem(n: int, r: int, p: int) -> str | None:
    """Why these scrypt costs are refused, or None when they are sensible."""
    if n < MIN_SCRYPT_N or n > MAX_SCRYPT_N or n & (n - 1):
        return f"n={n} is not a power of two from {MIN_SCRYPT_N} to {MAX_SCRYPT_N}"
    if not 1 <= r <= MAX_SCRYPT_R or not 1 <= p <= MAX_SCRYPT_P:
        return f"r={r}, p={p} are outside 1-{MAX_SCRYPT_R} and 1-{MAX_SCRYPT_P}"
    if n >= 2 ** (16 * r):  # OpenSSL's own rule (n < 2^(128 r / 8)); else MemoryError
        return f"n={n} is too large for r={r} (the crypto library needs n < 2^{16 * r})"
    if 128 * n * r > MAX_SCRYPT_MEMORY or n * r * p > MAX_SCRYPT_WORK:
        return f"n={n}, r={r}, p={p} would take too much memory or time"
    return None


def derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    """(AES key, check value) from the passphrase.

    NFC-normalised so that the same passphrase typed on another system
    (which may compose accented letters differently) opens the bundle.
    """
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    out = Scrypt(salt=salt, length=32 + CHECK_BYTES, n=n, r=r, p=p).derive(secret)
    return out[:32], out[32:]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def seal(plaintext: bytes, passphrase: str, n: int = DEFAULT_SCRYPT_N) -> bytes:
    """The whole bundle file for `plaintext` (the zip archive)."""
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    key, check = derive(passphrase, salt, n, SCRYPT_R, SCRYPT_P)
    header = Header(
        format=ENVELOPE_VERSION, app_version=__version__,
        kdf=KdfParams(name="scrypt", n=n, r=SCRYPT_R, p=SCRYPT_P, salt=_b64(salt)),
        cipher=CipherParams(name="AES-256-GCM", nonce=_b64(nonce)),
        length=len(plaintext) + TAG_BYTES, check=_b64(check),
    )
    lines = MAGIC + header.model_dump_json().encode("ascii") + b"\n"
    clear = lines + hashlib.sha256(lines).hexdigest().encode("ascii") + b"\n"
    return clear + AESGCM(key).encrypt(nonce, plaintext, clear)


def _split(path: Path, data: bytes) -> tuple[bytes, bytes, bytes]:
    """(header line, all clear bytes, ciphertext); checks magic and the header digest."""
    if not data.startswith(MAGIC):
        if not data:
            raise BundleError(path, "is empty", f"Choose the {SUFFIX} file that was exported. "
                                                f"{NOTHING_CHANGED}")
        if MAGIC.startswith(data):
            raise damaged(path, "it is cut off right at the start")
        if data.startswith(MAGIC_FAMILY):
            raise newer(path, "unknown", "a bundle kind this app does not know")
        raise BundleError(path, "is not a GMI Trainer bundle (it does not start like one)",
                          f"Choose the {SUFFIX} file that was exported. {NOTHING_CHANGED}")
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER_LINE)
    digest_end = end + 1 + 64
    if end < 0 or len(data) < digest_end + 1 or data[digest_end:digest_end + 1] != b"\n":
        raise damaged(path, "its header is cut off (the file may be an incomplete copy)")
    header_line = data[len(MAGIC):end]
    if data[end + 1:digest_end] != hashlib.sha256(data[:end + 1]).hexdigest().encode("ascii"):
        raise damaged(path, "its header does not match its checksum")
    return header_line, data[:digest_end + 1], data[digest_end + 1:]


def _parse_header(path: Path, line: bytes) -> Header:
    try:
        raw = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise damaged(path, "its header is not readable") from exc
    if not isinstance(raw, dict):
        raise damaged(path, "its header is not readable")
    version = raw.get("format")
    if isinstance(version, int) and version > ENVELOPE_VERSION:
        raise newer(path, raw.get("app_version", "?"),
                    f"bundle format {version}, this app reads up to {ENVELOPE_VERSION}")
    try:
        header = Header.model_validate(raw)
    except ValidationError as exc:
        raise damaged(path, f"its header is not valid ({describe(exc, 2)})") from exc
    if header.format != ENVELOPE_VERSION:
        raise damaged(path, f"its header names format {header.format}")
    return header


def _decode(path: Path, text: str, size: int, what: str) -> bytes:
    try:
        value = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise damaged(path, f"its {what} is not valid") from exc
    if len(value) != size:
        raise damaged(path, f"its {what} has {len(value)} bytes instead of {size}")
    return value


def unseal(path: Path, data: bytes, passphrase: str) -> bytes:
    """The archive inside a bundle file; every failure is a BundleError."""
    header_line, clear, sealed = _split(path, data)
    header = _parse_header(path, header_line)
    kdf = header.kdf
    problem = scrypt_problem(kdf.n, kdf.r, kdf.p)
    if problem:
        raise BundleError(path, f"asks for unreasonable key settings ({problem})",
                          f"It was not made by GMI Trainer. {NOTHING_CHANGED}")
    salt = _decode(path, kdf.salt, SALT_BYTES, "salt")
    nonce = _decode(path, header.cipher.nonce, NONCE_BYTES, "nonce")
    check = _decode(path, header.check, CHECK_BYTES, "passphrase check")
    if len(sealed) < header.length:
        raise damaged(path, f"it is incomplete ({len(sealed)} of {header.length} bytes of "
                            "contents are there; was the copy interrupted?)")
    if len(sealed) > header.length:
        raise damaged(path, f"it has {len(sealed) - header.length} unexpected bytes at the end")
    key, expected = derive(passphrase, salt, kdf.n, kdf.r, kdf.p)
    if not hmac.compare_digest(check, expected):
        raise WrongPassphrase(
            path, "the passphrase does not open this bundle",
            "Check the passphrase (capital letters, spaces, keyboard layout) and try again. "
            + NOTHING_CHANGED)
    try:
        return AESGCM(key).decrypt(nonce, sealed, clear)
    except InvalidTag as exc:
        raise damaged(path, "its contents were changed or damaged after it was made "
                            "(they no longer match their seal)") from exc
