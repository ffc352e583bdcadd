"""GMI Trainer: graded motor imagery at home."""

__version__ = "0.1.0"

# No pydantic plugin is used; without this, pydantic scans the entry points of
# every installed package when the first model is built (about 10 ms at start).
# A person who sets the variable keeps their choice.
import os as _os

_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
