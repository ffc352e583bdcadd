"""Turning pydantic's validation errors into words a person can act on."""

from __future__ import annotations

from pydantic import ValidationError


def describe(exc: ValidationError, limit: int = 5) -> str:
    """"field 'a.b': what was expected" for each problem, joined."""
    parts = []
    for err in exc.errors()[:limit]:
        where = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown setting (check the spelling)"
        parts.append(f"field '{where}': {msg}" if where else msg)
    return "; ".join(parts)
