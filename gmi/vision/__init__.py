"""Camera, mirror kernels, tracking and kinematics: no Qt here."""
