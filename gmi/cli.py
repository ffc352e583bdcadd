"""The `gmi` command: the app itself, and tools that run without a screen.

Qt and MediaPipe are imported only by the commands that need them, so
`gmi --version` and the no-display message are instant.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence

from gmi import __version__
from gmi.model.stages import BODY_PARTS

NO_DISPLAY = """\
GMI Trainer needs a screen to show its window, and none was found
(neither DISPLAY nor WAYLAND_DISPLAY is set).

  - On a desktop computer, start GMI Trainer from the desktop session.
  - Over SSH, connect with `ssh -X`, or use a virtual screen:
        xvfb-run -a gmi
  - To try it with no screen at all, run a scripted practice day:
        gmi demo
"""


def display_problem(env: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why a window cannot open here, or None. Checked before Qt loads, since
    Qt aborts the whole process when it finds no display."""
    if not platform.startswith("linux"):
        return None
    if env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY


def _day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-24") from exc


def _report_or_export(args: argparse.Namespace, root) -> int:
    from pathlib import Path

    from gmi.report.export import ExportRange, rows, sessions_in, to_csv, to_json
    from gmi.store import DataStore
    from gmi.store.files import write_atomic

    store = DataStore(root)
    profile = _one_profile(store, args.profile, root)
    if profile is None:
        return 2
    span = ExportRange(args.start, args.end)
    out = Path(args.out)
    if args.command == "report":  # the same report as the Therapist area's, check-ins and all
        from gmi.app.history import HistoryQuery
        from gmi.model.words import counted

        saved = HistoryQuery(store).report(profile, out, span, args.pseudonymise)
        print(f"Report for {profile.code}: {counted(saved.sessions, 'session')}, "
              f"{counted(saved.pages, 'page')}: {out}")
        return 0
    journals = sessions_in(store.sessions(profile.id), span)
    text = (to_json(profile, journals, args.pseudonymise) if args.format == "json"
            else to_csv(rows(profile, journals, args.pseudonymise)))
    write_atomic(out, text.encode("utf-8"))  # owner-only: health data
    print(f"Exported {len(journals)} sessions of {profile.code} as {args.format}: {out}")
    return 0


PASSPHRASE_ENV = "GMI_BUNDLE_PASSPHRASE"
MIN_PASSPHRASE = 8


def _passphrase(args: argparse.Namespace, confirm: bool) -> str | None:
    """From --passphrase-file, GMI_BUNDLE_PASSPHRASE, or asked twice on a terminal."""
    from pathlib import Path

    if args.passphrase_file:
        try:
            lines = Path(args.passphrase_file).read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"The passphrase file {args.passphrase_file} could not be read ({exc}).",
                  file=sys.stderr)
            return None
        return lines[0] if lines else ""
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        print(f"Give the passphrase with --passphrase-file or {PASSPHRASE_ENV}, or run this "
              "in a terminal to type it.", file=sys.stderr)
        return None
    import getpass

    first = getpass.getpass("Passphrase: ")
    if confirm and getpass.getpass("The same passphrase again: ") != first:
        print("The two passphrases differ; nothing was written.", file=sys.stderr)
        return None
    return first


def _bundle(args: argparse.Namespace, root) -> int:
    from pathlib import Path

    from gmi.bundles.bundle import BundleError, export, import_bundle
    from gmi.store import DataStore

    if args.action == "import":
        from gmi.store.paths import Layout

        passphrase = _passphrase(args, confirm=False)
        if passphrase is None:
            return 2
        try:  # no DataStore: a refused import must not even mark a new, empty folder
            result = import_bundle(Layout(root.path), Path(args.file), passphrase)
        except BundleError as exc:
            print(exc.message, file=sys.stderr)
            return 1
        print(f"Imported {args.file} into {root.path}:")
        for line in result.lines():
            print(f"  {line}")
        return 0
    store = DataStore(root)
    profile = _one_profile(store, args.profile, root)
    if profile is None:
        return 2
    passphrase = _passphrase(args, confirm=True)
    if passphrase is None:
        return 2
    if len(passphrase) < MIN_PASSPHRASE:
        print(f"Please use a passphrase of at least {MIN_PASSPHRASE} characters; the bundle "
              "holds health data.", file=sys.stderr)
        return 2
    try:
        summary = export(store, profile.id, Path(args.out), passphrase,
                         include_photos=args.photos, pseudonymise=args.pseudonymise)
    except BundleError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    from gmi.model.words import counted

    print(f"Bundle for {profile.code}: {counted(summary.sessions, 'session')}, "
          f"{counted(summary.checkins, 'check-in')}, {counted(summary.photos, 'photo')}, "
          f"{summary.size / 1e6:.2f} MB: {summary.path}")
    for line in summary.skipped:
        print(f"  left out: {line}")
    return 0


def _one_profile(store, wanted_text: str, root):
    """The one person matching a code, name or id; None (with a message) otherwise."""
    profiles, _ = store.profiles.list()
    wanted = wanted_text.casefold()
    matches = [p for p in profiles if wanted in (p.code.casefold(), p.name.casefold(), p.id)]
    if len(matches) != 1:
        known = ", ".join(p.code for p in profiles) or "none"
        print(f"No single person matches '{wanted_text}' in {root.path} (codes: {known}).",
              file=sys.stderr)
        return None
    return matches[0]


def _stimuli(args: argparse.Namespace) -> int:
    from pathlib import Path

    from gmi.model.stages import FIGURE_PARTS
    from gmi.stimuli.body import MeshAssetError
    from gmi.stimuli.sheet import write_contact_sheet

    try:  # people: every quarter turn their body part allows; hands and feet: 0 and 90
        out = write_contact_sheet(args.body_part, Path(args.out), args.size, args.skin,
                                  args.shape, imagery=args.imagery,
                                  every=args.body_part in FIGURE_PARTS)
    except (MeshAssetError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"wrote {out}")
    return 0


def _window_parser() -> argparse.ArgumentParser:
    """The options of the window itself (`gmi` with no command)."""
    parser = argparse.ArgumentParser(
        prog="gmi", description="GMI Trainer: graded motor imagery practice at home.")
    parser.add_argument("--version", action="version", version=f"GMI Trainer {__version__}")
    parser.add_argument("--data-dir", help="folder for profiles and sessions "
                        "(default: GMI_DATA_DIR, else the standard folder)")
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    return parser


def opens_the_window(argv: Sequence[str]) -> bool:
    """Only the window's own options: the commands' parsers need not be built (about
    10 ms of a start that should draw Home at once). Help and anything else: all."""
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        if word == "--data-dir" and rest and not rest[0].startswith("-"):
            rest.pop(0)
        elif not (word == "--quit-when-shown" or word.startswith("--data-dir=")):
            return False
    return True


def _parser() -> argparse.ArgumentParser:
    parser = _window_parser()
    commands = parser.add_subparsers(dest="command", metavar="command")
    demo = commands.add_parser("demo", help="run a scripted practice day without a screen")
    demo.add_argument("--out", help="data folder for the demo (default: a new temporary folder)")
    demo.add_argument("--body-part", choices=BODY_PARTS, default="hand",
                      help="the body part the demo person practises for")
    for name, text in (("report", "write the therapist's PDF report"),
                       ("export", "export sessions as CSV (one row per trial) or JSON")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--profile", required=True, help="the person's code (or name)")
        sub.add_argument("--from", dest="start", type=_day, help="first day, YYYY-MM-DD")
        sub.add_argument("--to", dest="end", type=_day, help="last day, YYYY-MM-DD")
        sub.add_argument("--out", required=True, help="file to write")
        sub.add_argument("--pseudonymise", action="store_true",
                         help="show the code only, never the name")
        if name == "export":
            sub.add_argument("--format", choices=("csv", "json"), default="csv")
    bundle = commands.add_parser(
        "bundle", help="move one person's practice between computers as an encrypted file")
    actions = bundle.add_subparsers(dest="action", metavar="action", required=True)
    out = actions.add_parser("export", help="write one person's encrypted bundle")
    out.add_argument("--profile", required=True, help="the person's code (or name)")
    out.add_argument("--out", required=True, help="bundle file to write (.gmibundle)")
    out.add_argument("--photos", action="store_true",
                     help="include the person's own stimulus photos (only if they agreed)")
    out.add_argument("--pseudonymise", action="store_true",
                     help="the code replaces the name everywhere")
    out.add_argument("--passphrase-file", help="read the passphrase from this file's first line")
    into = actions.add_parser("import", help="merge a bundle into this computer's data")
    into.add_argument("file", help="the bundle file")
    into.add_argument("--passphrase-file", help="read the passphrase from this file's first line")
    desktop = commands.add_parser("install-desktop",
                                  help="add GMI Trainer to this account's applications menu")
    desktop.add_argument("--remove", action="store_true", help="take the menu entry away")
    doctor = commands.add_parser("doctor", help="check that this computer is ready")
    doctor.add_argument("--quick", action="store_true", help="shorter measurements")
    stimuli = commands.add_parser(
        "stimuli", help="draw a labelled contact sheet of every posture x view x rotation, "
        "both sides")
    stimuli.add_argument("--body-part", choices=BODY_PARTS, default="hand")
    stimuli.add_argument("--out", required=True, help="PNG file to write")
    stimuli.add_argument("--size", type=int, default=160, help="pixels per picture")
    stimuli.add_argument("--skin", default="medium", help="light, medium, tan or dark")
    stimuli.add_argument("--shape", default="average",
                         help="body shape: average, older, heavier or slender")
    stimuli.add_argument("--imagery", action="store_true",
                         help="only the pictures stage 2 shows: each posture from its view")
    bench = commands.add_parser("bench", help="measure speed on this computer")
    bench.add_argument("--quick", action="store_true", help="fewer repetitions (rougher numbers)")
    bench.add_argument("--only", help="comma-separated sections: store,startup")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if opens_the_window(argv):
        args = _window_parser().parse_args(argv)
        args.command = None
    else:
        args = _parser().parse_args(argv)
    if args.command is None:  # the window
        # Python's automatic collection stays off from here on: while Qt runs, the
        # GUI thread collects (gmi.ui.gc_guard). Start-up allocates much and frees
        # little, so the collections the imports set off found nothing (~30 ms).
        import gc

        gc.disable()
    from gmi.store.errors import NewerVersionError

    try:
        return _run(args)
    except NewerVersionError as exc:  # a data folder (or file) from a newer app
        print(exc.message, file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from gmi.store.paths import resolve_data_root

    root = resolve_data_root(args.data_dir)
    if args.command == "demo":
        import tempfile
        from pathlib import Path

        from gmi.app.demo import run_demo

        folder = Path(args.out or args.data_dir or tempfile.mkdtemp(prefix="gmi-demo-"))
        return run_demo(folder, body_part=args.body_part)
    if args.command in ("report", "export"):
        return _report_or_export(args, root)
    if args.command == "bundle":
        return _bundle(args, root)
    if args.command == "install-desktop":
        from gmi.desktop import install_desktop

        status, message = install_desktop(remove=args.remove)
        print(message)
        return status
    if args.command == "doctor":
        from gmi.store import DataStore
        from gmi.ui.doctor import run_doctor

        camera = DataStore(root).load_settings().camera_index
        return run_doctor(root, camera, quick=args.quick)
    if args.command == "stimuli":
        return _stimuli(args)
    if args.command == "bench":
        from gmi.bench.run import run_bench

        sections = args.only.split(",") if args.only else None
        return run_bench(sections=sections, quick=args.quick)

    problem = display_problem(os.environ)
    if problem:
        print(problem, file=sys.stderr, end="")
        return 2
    from gmi.qt_libraries import install_advice, missing_packages

    missing = missing_packages(os.environ)  # before Qt, which would abort (exit 134)
    if missing:
        print(install_advice(missing), file=sys.stderr, end="")
        return 2
    from datetime import date

    from gmi.store.home_snapshot import read_home_snapshot
    from gmi.store.paths import Layout

    kept = read_home_snapshot(Layout(root.path), date.today(), __version__)
    if kept is None:
        # The Qt-free core before Qt: PySide reads the source of every module imported
        # after it (looking for its feature switches, PYSIDE-2029), which slows start-up.
        # With Home kept, Home is drawn first and the core loads after it.
        import gmi.app.checkin
        import gmi.app.day  # noqa: F401
    from gmi.ui.app import run_gui

    return run_gui(root, kept, quit_when_shown=args.quit_when_shown)
