"""Entry point of the desktop app: ``fwprof-gui`` / ``python -m ui [SNAPSHOT ...]``.

Also the standalone bundle's entry point (``packaging/fwprof_gui.py``), and two jobs that need
no one at the screen: ``--smoke-run`` (see :mod:`ui.app.smoke`) and ``--install-desktop``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ui.app.bundle_env import restore_child_environment
from ui.app.desktop_entry import APP_ID
from ui.app.first_paint import FirstPaint
from ui.app.resources import icon_path, icon_png_paths
from ui.base.settings import AppSettings
from ui.base.theme import apply_palette, current_theme

if TYPE_CHECKING:
    from ui.app.main_window import MainWindow


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Snapshots to open, and the startup measurement switch."""
    parser = argparse.ArgumentParser(prog="fwprof-gui", description="The fwprof desktop app.")
    parser.add_argument("snapshots", nargs="*", metavar="FILE.fwprof",
                        help="one snapshot to open, or two to compare")
    parser.add_argument("--measure-startup", action="store_true",
                        help="print seconds from process start to first paint (and, with "
                             "a snapshot, to the snapshot shown), then quit")
    parser.add_argument("--smoke-run", action="store_true",
                        help="run a tiny comparison (mlp, train, eager, both frameworks) "
                             "through the window, then quit: status 0 if every run is ok")
    parser.add_argument("--python", metavar="PATH", default="",
                        help="the interpreter for --smoke-run (default: as in Settings, or "
                             "found automatically)")
    parser.add_argument("--install-desktop", action="store_true",
                        help="install the menu entry and icons for this user, then quit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Start the app; returns its exit code."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.install_desktop:
        from ui.app.desktop_entry import main as install_desktop

        return install_desktop([])
    app = _application()
    restore_child_environment()  # after Qt has found its plugins (see ui.app.bundle_env)
    if args.smoke_run:
        with tempfile.TemporaryDirectory(prefix="fwprof-smoke-") as folder:
            return _smoke_run(app, args, folder)
    from ui.app.main_window import MainWindow

    window = MainWindow()
    sys.excepthook = _error_dialog_hook(window)
    QGuiApplication.styleHints().colorSchemeChanged.connect(
        lambda _scheme: window.themes.system_changed())
    FirstPaint(window, lambda seconds: _after_first_paint(window, args, seconds))
    window.show()
    return int(app.exec())


def _application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("fwprof")
    app.setOrganizationName("fwprof")
    app.setApplicationDisplayName("fwprof")
    QGuiApplication.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    apply_palette(app, current_theme())
    return app


def app_icon() -> QIcon:
    """The application icon: every PNG size, and the SVG for other sizes."""
    icon = QIcon()
    for path in icon_png_paths().values():
        icon.addFile(str(path))
    svg = icon_path()
    if svg is not None:
        icon.addFile(str(svg))
    return icon


def _smoke_run(app: QApplication, args: argparse.Namespace, folder: str) -> int:
    """``--smoke-run``: the window on throw-away settings, driven by :class:`SmokeRun`."""
    from ui.app.main_window import MainWindow, Services
    from ui.app.smoke import SmokeRun

    settings = AppSettings(QSettings(f"{folder}/settings.ini", QSettings.Format.IniFormat))
    settings.set_python(args.python)
    window = MainWindow(Services(settings=settings))
    SmokeRun(window)
    FirstPaint(window, lambda _seconds: window.finish_startup([]))
    window.show()
    return int(app.exec())


def _after_first_paint(window: MainWindow, args: argparse.Namespace, seconds: float) -> None:
    if args.measure_startup:  # CPU time too: the app's own cost, whatever the machine's load
        _report(f"first paint {seconds:.3f} s after process start ({time.process_time():.3f} s "
                "CPU)")
    window.finish_startup(args.snapshots)
    if args.measure_startup:
        from ui.app.first_paint import seconds_since_process_start

        _report(f"plots built {seconds_since_process_start():.3f} s after process start")
        if args.snapshots:  # also: when the opened snapshot is on screen
            from ui.app.measure_open import when_shown

            when_shown(window, lambda s, outcome: _snapshot_shown(window, s, outcome))
            return
        QTimer.singleShot(0, window.close)


def _snapshot_shown(window: MainWindow, seconds: float, outcome: str) -> None:
    _report(f"snapshot {outcome} {seconds:.3f} s after process start")
    QTimer.singleShot(0, window.close)


def _report(line: str) -> None:
    """Print a measurement; a closed pipe (``| head -1``) must not keep the app open."""
    with contextlib.suppress(OSError):
        print(line, flush=True)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def _error_dialog_hook(window: QWidget | None) -> ExceptHook:
    """An excepthook that shows unexpected errors in a dialog instead of a terminal."""
    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, "fwprof: unexpected error",
                          f"{kind.__name__}: {error}", QMessageBox.StandardButton.Close,
                          window)
        box.setInformativeText("The app keeps running; please report this with the details.")
        box.setDetailedText("".join(traceback.format_exception(kind, error, tb)))
        box.open()

    return hook
