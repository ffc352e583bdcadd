"""The packaging and start-up side of DESIGN.md section 2 (the import rules
themselves are import-linter contracts in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gmi.model.toml import tomllib

REPO = Path(__file__).resolve().parents[1]
PKG = REPO / "gmi"


def test_every_package_is_placed_in_the_layer_contract() -> None:
    """The layer rules themselves are import-linter contracts in pyproject.toml,
    run by `make test` (`lint-imports`); a package missing from the layers would
    escape them, so each one under gmi/ must be named there."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
    [layers] = [c for c in config["contracts"] if c["type"] == "layers"]
    named = {name.strip() for layer in layers["layers"]
             for name in layer.replace(":", "|").split("|")}
    top = {f"gmi.{p.parent.name}" for p in PKG.glob("*/__init__.py")} | {"gmi.cli"}
    assert top - {"gmi.assets"} <= named


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


def test_home_starts_without_the_picture_camera_and_chart_libraries(tmp_path) -> None:
    """Home shows words and a plan: the window opens on it without OpenCV, numpy,
    matplotlib, the mesh reader or MediaPipe (they come with the screens that use
    them), which keeps start-up near the bare Qt start (`gmi bench --only startup`)."""
    code = (
        "import sys, os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'; "
        "from pathlib import Path; from gmi.store.paths import DataRoot; "
        "from gmi.store import DataStore; "
        f"store = DataStore(DataRoot(Path({str(tmp_path)!r}), 'test')); "
        "p = store.profiles.create('P-1', 'hand', 'right'); "
        "from gmi.ui.app import build_window; w = build_window(store.root); w.show_home(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'cv2', 'numpy', 'matplotlib', 'pygltflib', 'mediapipe'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
