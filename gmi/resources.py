"""Access to the files under ``assets/`` through importlib.resources.

The top-level ``assets/`` folder is installed as the package ``gmi.assets``
(see pyproject.toml), so the same code reads it from a checkout and from an
installed wheel; nothing uses paths relative to the source tree.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def asset(*parts: str) -> Traversable:
    """A file or folder under assets/, e.g. asset("protocols", "hand-standard.toml")."""
    node = files("gmi.assets")
    for part in parts:
        node = node / part
    return node
