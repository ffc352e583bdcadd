"""GMI Trainer: graded motor imagery at home."""

__version__ = "0.1.0"
