"""Does this Linux computer have the system libraries Qt's window plugin needs?

Qt's X11 plugin ("xcb") needs a dozen small system libraries that pip cannot
install. When one is missing, Qt prints a misleading hint and aborts the whole
process (exit 134). `gmi` and `gmi doctor` ask first, by loading each library
by name (no Qt involved), and name the Debian/Ubuntu packages to install.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Mapping

# library file -> the Debian/Ubuntu package that installs it (PySide6 6.5+ on X11)
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
}


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def uses_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Qt will load its X11 plugin: Linux, and no other platform was asked for."""
    if not platform.startswith("linux"):
        return False
    wanted = env.get("QT_QPA_PLATFORM", "")
    if wanted:
        return wanted.split(":")[0] == "xcb"
    return bool(env.get("DISPLAY")) and not env.get("WAYLAND_DISPLAY")


def missing_packages(env: Mapping[str, str], platform: str = sys.platform,
                     loads: Callable[[str], bool] = _loads) -> list[str]:
    """Debian packages to install before a window can open here ([] when none)."""
    if not uses_xcb(env, platform):
        return []
    return sorted({package for library, package in XCB_LIBRARIES.items()
                   if not loads(library)})


def install_advice(packages: list[str]) -> str:
    return ("GMI Trainer cannot open its window: some system libraries that Qt needs "
            "for the screen are missing. Install them (Debian, Ubuntu, Mint) with:\n"
            f"    sudo apt install {' '.join(packages)}\n"
            "then start GMI Trainer again.\n")
