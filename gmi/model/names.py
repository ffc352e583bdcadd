"""Finding a person's name in text in any Unicode form and any case.

Pseudonymised output (bundles, JSON and CSV exports) must not hold the name,
and the same name can be written many ways: "Zoë" composed (NFC) or as "e"
plus a combining diaeresis (NFD), in capitals, in full-width letters
(NFKC), with other spacing. Text is compared after compatibility caseless
folding (Unicode's NFKD + casefold, applied per character so that a match
can be mapped back to the original text and only the name is replaced).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

# Letters whose capital is an ordinary one: "ı" (dotless i) is written "I" in
# capitals, which folds back to "i"; so "ZOËI" is a spelling of "Zoëı".
_SAME_LETTER = str.maketrans({"ı": "i"})


def _fold(text: str) -> str:
    """Compatibility caseless form: what two spellings of one name share."""
    once = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return unicodedata.normalize("NFKD", once.casefold()).translate(_SAME_LETTER)


@dataclass(frozen=True)
class NameFinder:
    """The full name as a whole word, any form, case and spacing between its words."""

    pattern: re.Pattern[str]

    @classmethod
    def of(cls, name: str) -> NameFinder | None:
        words = [w for w in _fold(name).split() if w]
        if not words:
            return None
        return cls(re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"))

    def _folded(self, text: str) -> tuple[str, list[int]]:
        """`text` (NFD) folded character by character, and where each folded char came from."""
        source = unicodedata.normalize("NFD", text)
        out: list[str] = []
        where: list[int] = []
        for n, ch in enumerate(source):
            folded = _fold(ch)
            out.append(folded)
            where.extend([n] * len(folded))
        return "".join(out), where

    def found_in(self, text: str) -> bool:
        return self.pattern.search(self._folded(text)[0]) is not None

    def replace(self, text: str, code: str) -> str:
        """`text` with every spelling of the name replaced by `code` (unchanged if none)."""
        folded, where = self._folded(text)
        matches = list(self.pattern.finditer(folded))
        if not matches:
            return text
        source = unicodedata.normalize("NFD", text)
        out, last = [], 0
        for m in matches:
            start = where[m.start()]
            end = where[m.end() - 1] + 1
            while end < len(source) and unicodedata.combining(source[end]):
                end += 1  # a mark that belongs to the name's last letter
            out += [source[last:start], code]
            last = end
        out.append(source[last:])
        return unicodedata.normalize("NFC", "".join(out))

    def in_value(self, value: Any) -> bool:
        """Does the name appear anywhere in a parsed JSON/TOML value, keys included?"""
        if isinstance(value, str):
            return self.found_in(value)
        if isinstance(value, dict):
            return any(self.in_value(k) or self.in_value(v) for k, v in value.items())
        if isinstance(value, list):
            return any(self.in_value(v) for v in value)
        return False
