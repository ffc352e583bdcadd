"""Starting the Qt application: high-DPI policy, theme, main window.

Home comes first. When the last Home shown is kept and still true (nothing
it was made from has changed, same day, same app version: see
`gmi.store.home_snapshot`), the window draws it before the data and most of
the app are loaded, then reads the data and redraws Home only if anything
differs. Otherwise the data is read first, as it always was.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gmi import __version__
from gmi.resources import asset
from gmi.store.home_snapshot import Snapshot
from gmi.store.paths import DataRoot
from gmi.ui.gc_guard import collect_on_gui_thread
from gmi.ui.main_window import MainWindow
from gmi.ui.theme import apply_theme


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional scaling (125 %, 150 %) as the desktop asks, not rounded.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("GMI Trainer")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("gmi-trainer")
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        icon.addFile(str(asset("icons", f"gmi-trainer-{size}.png")))
    app.setWindowIcon(icon)
    collect_on_gui_thread(app)  # never on a job's thread, where it could delete Qt objects
    return app


def build_window(root: DataRoot) -> MainWindow:
    """A ready main window over `root`, themed with the saved text size."""
    from gmi.store import DataStore

    app = make_application()
    store = DataStore(root)
    apply_theme(app, store.load_settings().text_size)  # first: Home's pictures follow the text
    return MainWindow(store)


class _FirstPaint(QObject):
    """Calls back once, just after the first paint of the screen it watches."""

    def __init__(self, on_paint) -> None:
        super().__init__()
        self._on_paint = on_paint

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._on_paint is not None:
            callback, self._on_paint = self._on_paint, None
            QTimer.singleShot(0, callback)
        return False


def _refused(exc, quiet: bool) -> int:
    """A data folder from a newer version: say why in a window, change nothing."""
    if not quiet:
        QMessageBox.critical(None, "GMI Trainer needs an update", exc.message)
    print(exc.message, file=sys.stderr)
    return 2


def _after_first_paint(screen: QWidget, then: Callable[[], None]) -> None:
    watcher = _FirstPaint(then)
    watcher.setParent(screen)
    screen.installEventFilter(watcher)


def run_gui(root: DataRoot, kept: Snapshot | None = None, quit_when_shown: bool = False
            ) -> int:
    """`kept`: the last Home, still true (`read_home_snapshot`), drawn first.
    `quit_when_shown` (the start-up bench): print "home-shown" when Home is first
    painted and "home-ready" once the data is read and Home answers, then quit."""
    app = make_application()
    if kept is None:
        from gmi.store import NewerDataFolder

        try:
            window = build_window(root)
        except NewerDataFolder as exc:  # refuse before writing anything
            return _refused(exc, quit_when_shown)
        if quit_when_shown:
            def shown() -> None:
                print("home-shown", "home-ready", sep="\n", flush=True)
                app.quit()
            _after_first_paint(window.stack.currentWidget(), shown)
        window.show()
        return app.exec()

    apply_theme(app, kept.text_size)
    window = MainWindow(kept=kept)
    failed: list[int] = []

    def attach() -> None:
        if quit_when_shown:
            print("home-shown", flush=True)
        from gmi.store import DataStore, NewerDataFolder

        try:
            window.attach(DataStore(root))
        except NewerDataFolder as exc:  # (the kept Home names this version: not expected)
            window.hide()
            failed.append(_refused(exc, quit_when_shown))
            app.quit()
            return
        except Exception:  # as a start without a kept Home would: stop, with the cause
            window.hide()
            failed.append(1)
            app.quit()
            raise
        if quit_when_shown:
            print("home-ready", flush=True)
            app.quit()
    _after_first_paint(window.stack.currentWidget(), attach)
    window.show()
    code = app.exec()
    return failed[0] if failed else code
