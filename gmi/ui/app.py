"""Starting the Qt application: high-DPI policy, theme, main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from gmi import __version__
from gmi.resources import asset
from gmi.store import DataStore, NewerDataFolder
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
    app = make_application()
    store = DataStore(root)
    window = MainWindow(store)
    apply_theme(app, window.settings.text_size)
    return window


class _FirstPaint(QObject):
    """Reports the first paint of the current screen (start-up benchmark)."""

    def __init__(self, on_paint) -> None:
        super().__init__()
        self._on_paint = on_paint

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._on_paint is not None:
            callback, self._on_paint = self._on_paint, None
            QTimer.singleShot(0, callback)
        return False


def run_gui(root: DataRoot, quit_when_shown: bool = False) -> int:
    app = make_application()
    try:
        window = build_window(root)
    except NewerDataFolder as exc:  # refuse before writing anything; say why in a window
        if not quit_when_shown:
            QMessageBox.critical(None, "GMI Trainer needs an update", exc.message)
        print(exc.message, file=sys.stderr)
        return 2
    if quit_when_shown:
        def shown() -> None:
            print("home-shown", flush=True)
            app.quit()
        watcher = _FirstPaint(shown)
        screen = window.stack.currentWidget()
        screen.installEventFilter(watcher)
    window.show()
    return app.exec()
