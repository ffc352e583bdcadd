"""Counting in words: "1 session", "3 sessions" (screens, reports and the command line)."""

from __future__ import annotations


def counted(n: int, word: str, many: str | None = None) -> str:
    """`n` and `word`, plural unless n is 1 (`many` for irregular plurals)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
