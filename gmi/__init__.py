"""GMI Trainer: graded motor imagery at home."""

__version__ = "0.1.0"

# No pydantic plugin is used; without this, pydantic scans the entry points of
# every installed package when the first model is built (about 10 ms at start).
# A person who sets the variable keeps their choice.
import os as _os
import sys as _sys
import types as _types

_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _no_pydantic_plugins() -> tuple[()]:
    return ()


# With every plugin off, pydantic's plugin loader has nothing to load, yet importing
# it imports importlib.metadata (and the e-mail and zip modules under it), another
# 10 ms at start-up. It is stood in for by a module whose answer is the loader's own
# answer when plugins are off: none.
if (_os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"
        and "pydantic.plugin._loader" not in _sys.modules):
    _loader = _types.ModuleType("pydantic.plugin._loader", "No pydantic plugins (GMI Trainer).")
    _loader.get_plugins = _no_pydantic_plugins  # type: ignore[attr-defined]
    _sys.modules["pydantic.plugin._loader"] = _loader
