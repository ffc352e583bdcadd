"""The Qt layer: one module per screen, thin, owning no rules."""
