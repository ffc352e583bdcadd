"""Domain rules in plain Python: no Qt, no files, no camera."""
