"""Stimulus images for laterality and imagery: no Qt here."""
