"""The `gmi` command: version, and no Qt abort without a display."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmi import __version__
from gmi.bench.run import run_bench
from gmi.cli import display_problem


def run_gmi(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gmi", *args], capture_output=True, text=True,
                          env=env, timeout=60)


def test_version() -> None:
    result = run_gmi("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"GMI Trainer {__version__}"


def test_no_display_prints_help_and_exits_non_zero(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = run_gmi("--data-dir", str(tmp_path), env=env)
    assert result.returncode == 2
    assert "needs a screen" in result.stderr
    assert "xvfb-run" in result.stderr and "gmi demo" in result.stderr
    assert "Aborted" not in result.stderr and "qt.qpa" not in result.stderr


def test_display_problem_rules() -> None:
    assert display_problem({}, "linux") is not None
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None


def test_gui_starts_and_paints_home_offscreen(tmp_path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = run_gmi("--data-dir", str(tmp_path), "--quit-when-shown", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["home-shown", "home-ready"]


def test_bench_store_section_reports_medians_and_ratios() -> None:
    lines: list[str] = []
    assert run_bench(["store"], quick=True, out=lines.append) == 0
    rows = [line for line in lines if "median" in line]
    assert len(rows) == 2
    assert rows[0].rstrip().endswith("ref")
    assert rows[1].rstrip().endswith("x")
    assert run_bench(["nonsense"], out=lines.append) == 2


@pytest.mark.slow
def test_demo_runs_a_scripted_day_without_a_display_or_network(tmp_path) -> None:
    from gmi.store import DataStore
    from gmi.store.paths import DataRoot

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    guard = str(Path(__file__).with_name("no_network.py"))
    result = subprocess.run([sys.executable, guard, "demo", "--out", str(tmp_path)],
                            capture_output=True, text=True, env=env, timeout=240)
    assert result.returncode == 0, result.stderr
    assert "Left or right?: " in result.stdout and " correct" in result.stdout
    assert "Imagine the movement: 2 of 2 positions" in result.stdout
    store = DataStore(DataRoot(tmp_path, "command line"))
    [profile] = store.profiles.list()[0]
    sessions = store.sessions(profile.id)
    loaded = [sessions.load(info) for info in sessions.list()]
    assert "Mirror practice: " in result.stdout and "Move with the camera: 3 repetitions" \
        in result.stdout
    assert sorted(c.header.stage for c in loaded) == ["imagery", "laterality", "mirror",
                                                      "tracking"]
    assert all(not c.interrupted and c.end.outcome == "completed" for c in loaded)
    assert (tmp_path / "demo-report.pdf").read_bytes().startswith(b"%PDF")
    assert "network" not in result.stderr  # no socket was opened on any path of the day
    for path in tmp_path.rglob("*"):  # health data: owner-only, all of it
        assert path.stat().st_mode & 0o077 == 0, path
    assert "Report (3 pages)" in result.stdout
    # journals keep numbers and words only: nothing picture-sized reaches an export
    from gmi.report.export import ExportRange, rows, sessions_in, to_csv, to_json

    journals = sessions_in(sessions, ExportRange())
    exported = json.loads(to_json(profile, journals))

    def longest(value) -> int:
        if isinstance(value, dict):
            return max((longest(v) for v in value.values()), default=0)
        if isinstance(value, list):
            return max([len(value)] + [longest(v) for v in value])
        return len(value) if isinstance(value, str) else 0

    assert longest(exported) < 2000  # a 320x240 picture would be 230,400 values
    assert max(len(line) for line in to_csv(rows(profile, journals)).splitlines()) < 4000
    assert not any(p.suffix in (".png", ".jpg", ".npy", ".mp4") for p in tmp_path.rglob("*"))
    laterality = next(c for c in loaded if c.header.stage == "laterality")
    assert sum(e.kind == "trial" for e in laterality.events) == 14


@pytest.mark.slow
def test_doctor_gives_plain_verdicts(tmp_path) -> None:
    env = dict(os.environ, GMI_CAMERA="synthetic:320x240@30")
    env.pop("QT_QPA_PLATFORM", None)
    ok = run_gmi("--data-dir", str(tmp_path / "data"), "doctor", "--quick", env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "✓ Python 3." in ok.stdout and "✓ mediapipe 0.10.21" in ok.stdout
    assert "✓ Camera gives 320x240 at" in ok.stdout
    assert "Mirror at 1920x1080:" in ok.stdout and "Hand tracking:" in ok.stdout
    assert ok.stdout.rstrip().endswith("Ready for daily practice.")
    (tmp_path / "blocker").write_text("a file where the data folder should be")
    bad = run_gmi("--data-dir", str(tmp_path / "blocker" / "data"), "doctor", "--quick",
                  env=env)
    assert bad.returncode == 1 and "✗ Data folder cannot be written" in bad.stdout


def test_bundle_export_and_import_from_the_command_line(tmp_path, capsys) -> None:
    from datetime import datetime, timedelta

    from gmi.bench.data import simple_trials, write_journal
    from gmi.cli import main
    from gmi.store import DataStore
    from gmi.store.paths import DataRoot

    home = DataStore(DataRoot(tmp_path / "home", "command line"))
    profile = home.profiles.create("P-7", "hand", "left", name="Ben")
    folder = home.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True)
    start = datetime(2026, 11, 1, 9, 0).astimezone()
    for n in range(3):
        write_journal(folder, profile.id, "laterality", start + timedelta(days=n),
                      simple_trials(1), headline="done")
    secret = tmp_path / "passphrase.txt"
    secret.write_text("correct horse battery\n")
    bundle = tmp_path / "ben.gmibundle"
    assert main(["--data-dir", str(tmp_path / "home"), "bundle", "export", "--profile", "p-7",
                 "--out", str(bundle), "--passphrase-file", str(secret)]) == 0
    assert "Bundle for P-7: 3 sessions" in capsys.readouterr().out

    clinic = str(tmp_path / "clinic")
    assert main(["--data-dir", clinic, "bundle", "import", str(bundle),
                 "--passphrase-file", str(secret)]) == 0
    out = capsys.readouterr().out
    assert "A new person was added" in out and "Added 3 sessions" in out
    assert main(["--data-dir", clinic, "bundle", "import", str(bundle),
                 "--passphrase-file", str(secret)]) == 0
    assert "Nothing new was added." in capsys.readouterr().out
    imported = DataStore(DataRoot(Path(clinic), "command line"))
    assert len(imported.sessions(profile.id).list()) == 3

    secret.write_text("wrong horse battery\n")
    assert main(["--data-dir", clinic, "bundle", "import", str(bundle),
                 "--passphrase-file", str(secret)]) == 1
    assert "passphrase does not open this bundle" in capsys.readouterr().err
    secret.write_text("short\n")
    assert main(["--data-dir", str(tmp_path / "home"), "bundle", "export", "--profile", "P-7",
                 "--out", str(tmp_path / "x.gmibundle"), "--passphrase-file", str(secret)]) == 2
    assert "at least 8 characters" in capsys.readouterr().err


def test_missing_qt_window_libraries_are_named_as_debian_packages_before_qt_starts() -> None:
    from gmi.qt_libraries import XCB_LIBRARIES, install_advice, missing_packages

    x11 = {"DISPLAY": ":0"}
    gone = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    missing = missing_packages(x11, "linux", loads=lambda name: name not in gone)
    assert missing == ["libxcb-cursor0", "libxcb-icccm4"]
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in install_advice(missing)
    assert missing_packages(x11, "linux", loads=lambda name: True) == []
    # not the X11 plugin: nothing to check
    assert missing_packages({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux",
                            loads=lambda name: False) == []
    assert missing_packages(x11, "win32", loads=lambda name: False) == []
    assert missing_packages({"WAYLAND_DISPLAY": "wayland-0"}, "linux",
                            loads=lambda name: False) == []
    assert len(set(XCB_LIBRARIES.values())) == len(XCB_LIBRARIES)


def test_the_readme_lists_every_window_package() -> None:
    from pathlib import Path

    from gmi.qt_libraries import XCB_LIBRARIES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert [p for p in XCB_LIBRARIES.values() if p not in readme] == []


WORDS = st.sampled_from(["--data-dir", "--quit-when-shown", "--data-dir=/tmp/x", "/tmp/y",
                         "-h", "--help", "--version", "demo", "bench", "--quick", "report",
                         "--data-dir=", "-x", "--only", "startup"])


@settings(max_examples=300)
@given(argv=st.lists(WORDS, max_size=5))
def test_the_window_parser_reads_what_the_whole_parser_reads(argv: list[str]) -> None:
    """Starting the window builds only the window's options; whenever it does, the
    whole parser (commands and all) would read the same."""
    from gmi.cli import _parser, _window_parser, opens_the_window

    if not opens_the_window(argv):
        return
    whole = _parser().parse_args(argv)
    window = _window_parser().parse_args(argv)
    assert whole.command is None
    assert (window.data_dir, window.quit_when_shown) == (whole.data_dir, whole.quit_when_shown)


def test_commands_and_help_are_not_taken_for_the_window() -> None:
    from gmi.cli import opens_the_window

    assert opens_the_window([]) and opens_the_window(["--data-dir", "/d", "--quit-when-shown"])
    for argv in (["demo"], ["-h"], ["--version"], ["--data-dir"], ["--data-dir", "-h"],
                 ["--data-dir", "/d", "bench"]):
        assert not opens_the_window(argv), argv


@pytest.mark.slow
def test_bench_startup_times_the_kept_and_the_fresh_start() -> None:
    """The start-up section reads the markers a real start prints (Home painted, then
    answering) for a start from the kept Home and one with nothing kept."""
    from gmi.bench.startup import bench_startup

    lines = bench_startup(1, sessions=30)
    assert len(lines) == 5 and "30 sessions stored" in lines[0]
    assert lines[1].rstrip().endswith("ref")
    assert all(line.rstrip().endswith("x") for line in lines[2:])
    assert "Home kept" in lines[2] and "nothing kept" in lines[4]
