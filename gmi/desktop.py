"""`gmi install-desktop`: a menu entry and icon for the person's own account.

Linux: a freedesktop .desktop file and hicolor icons under the XDG user data
folder (nothing system-wide, no root). Elsewhere, a sentence on what to do.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path

from gmi.resources import asset

APP_ID = "gmi-trainer"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def data_home(env: Mapping[str, str]) -> Path:
    value = env.get("XDG_DATA_HOME")
    return Path(value) if value else Path(env.get("HOME", str(Path.home()))) / ".local" / "share"


def desktop_entry(command: str) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=GMI Trainer",
        "GenericName=Graded motor imagery practice",
        "Comment=A few minutes a day: left or right, imagining, mirror and movement",
        f"Exec={command}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Education;MedicalSoftware;",
        f"StartupWMClass={APP_ID}",
        "",
    ])


def targets(env: Mapping[str, str]) -> list[Path]:
    home = data_home(env)
    return [home / "applications" / f"{APP_ID}.desktop"] + [
        home / "icons" / "hicolor" / f"{s}x{s}" / "apps" / f"{APP_ID}.png" for s in ICON_SIZES]


def install_desktop(remove: bool = False, env: Mapping[str, str] | None = None,
                    platform: str = sys.platform) -> tuple[int, str]:
    """(exit status, what happened in words)."""
    env = os.environ if env is None else env
    if not platform.startswith("linux"):
        where = ("the Start menu: right-click the gmi command and choose 'Pin to Start'"
                 if platform.startswith("win") else
                 "the Dock: run `gmi` once, then right-click its icon and keep it in the Dock")
        return 0, f"Menu entries are made by hand on this system; add GMI Trainer to {where}."
    paths = targets(env)
    if remove:
        gone = 0
        for path in paths:
            if path.exists():
                path.unlink()
                gone += 1
        return 0, f"Removed the menu entry and icons ({gone} files)."
    command = " ".join(shlex.quote(part) for part in (sys.executable, "-m", "gmi"))
    desktop, *icons = paths
    for size, path in zip(ICON_SIZES, icons, strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(asset("icons", f"{APP_ID}-{size}.png").read_bytes())
    desktop.parent.mkdir(parents=True, exist_ok=True)
    desktop.write_text(desktop_entry(command), encoding="utf-8")
    return 0, f"GMI Trainer is now in the applications menu ({desktop})."
