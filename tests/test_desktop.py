"""`gmi install-desktop`: a valid menu entry and icons in the user's own folders."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import cv2
import pytest

from gmi.desktop import ICON_SIZES, install_desktop, targets


def test_install_and_remove_in_the_user_data_folder(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "share"), "HOME": str(tmp_path)}
    status, message = install_desktop(env=env, platform="linux")
    assert status == 0 and "applications menu" in message
    desktop, *icons = targets(env)
    text = desktop.read_text()
    assert "Exec=" in text and "-m gmi" in text and "Icon=gmi-trainer" in text
    for size, icon in zip(ICON_SIZES, icons, strict=True):
        image = cv2.imread(str(icon), cv2.IMREAD_UNCHANGED)
        assert image.shape == (size, size, 4)  # an icon with transparency, per size
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    status, message = install_desktop(remove=True, env=env, platform="linux")
    assert not desktop.exists() and not any(p.exists() for p in icons)
    assert f"({len(icons) + 1} files)" in message


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_other_systems_are_told_what_to_do(platform: str, tmp_path: Path) -> None:
    status, message = install_desktop(env={"HOME": str(tmp_path)}, platform=platform)
    assert status == 0 and "by hand" in message
    assert not (tmp_path / ".local").exists()
