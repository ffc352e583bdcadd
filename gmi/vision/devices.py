"""Which cameras this computer has, cheaply, without opening them.

On Linux the kernel lists video devices under /sys; reading that takes
microseconds and never grabs a camera another program is using. Elsewhere
the first few OpenCV indices are offered and checked when the camera opens.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CameraInfo:
    index: int
    name: str


def list_cameras(sysfs: Path = Path("/sys/class/video4linux")) -> list[CameraInfo]:
    if not sys.platform.startswith("linux"):
        return [CameraInfo(i, f"Camera {i + 1}") for i in range(3)]
    found = []
    if not sysfs.is_dir():
        return found
    for entry in sysfs.iterdir():
        match = re.fullmatch(r"video(\d+)", entry.name)
        if match is None:
            continue
        # Each webcam also exposes metadata nodes; only index 0 gives pictures.
        try:
            if (entry / "index").read_text().strip() not in ("", "0"):
                continue
            name = (entry / "name").read_text().strip() or entry.name
        except OSError:
            name = entry.name
        found.append(CameraInfo(int(match[1]), name))
    return sorted(found, key=lambda c: c.index)
