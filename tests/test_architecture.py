"""The layering in DESIGN.md section 2, enforced on the source."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from gmi.model.toml import tomllib

REPO = Path(__file__).resolve().parents[1]
PKG = REPO / "gmi"
CORE = ("model", "stimuli", "vision", "store")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_only_the_ui_layer_imports_qt() -> None:
    offenders = [
        str(path.relative_to(REPO))
        for path in PKG.rglob("*.py")
        if "ui" not in path.relative_to(PKG).parts[:1]
        and any(m.split(".")[0] in ("PySide6", "shiboken6") for m in imports_of(path))
    ]
    assert offenders == []


def test_core_never_imports_the_ui_and_model_stands_alone() -> None:
    for layer in CORE:
        for path in (PKG / layer).rglob("*.py"):
            mods = imports_of(path)
            assert not any(m.startswith("gmi.ui") for m in mods), path
            if layer == "model":
                assert not any(m.startswith(("gmi.store", "gmi.vision", "gmi.stimuli"))
                               for m in mods), path


def test_cli_start_loads_neither_qt_nor_mediapipe() -> None:
    code = ("import sys, gmi.cli, gmi.store, gmi.model.plan; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'mediapipe', 'cv2', 'matplotlib')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_package_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in PKG.rglob("__init__.py")}
    assert found | {"gmi.assets"} == listed
    assert config["package-dir"] == {"gmi.assets": "assets"}
