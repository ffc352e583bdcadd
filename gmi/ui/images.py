"""numpy BGR frames to Qt images without an extra copy."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage


def bgr_to_qimage(frame: np.ndarray) -> QImage:
    """Wrap a contiguous uint8 BGR array; the caller keeps `frame` alive."""
    if frame.dtype != np.uint8 or frame.ndim != 3 or frame.shape[2] != 3:
        raise ValueError("expected an H x W x 3 uint8 BGR image")
    if not frame.flags.c_contiguous:
        frame = np.ascontiguousarray(frame)
    h, w = frame.shape[:2]
    return QImage(frame.data, w, h, frame.strides[0], QImage.Format.Format_BGR888)
