"""``fwprof gui [SNAPSHOT ...]`` (and bare ``fwprof``): open the desktop app.

The app lives in the ``ui`` package, which the core never imports: this command replaces the
current process with ``python -m ui``, so the Qt-free core stays Qt-free.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys

from fwprof.usage import UsageError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("gui", help="open the desktop app (default with no command)")
    parser.add_argument("snapshots", nargs="*", metavar="FILE.fwprof", help="snapshots to open")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return launch_gui(list(args.snapshots))


def launch_gui(snapshots: list[str]) -> int:
    """Exec the GUI; returns only when it cannot start."""
    missing = [name for name in ("PySide6", "pyqtgraph", "ui") if importlib.util.find_spec(name) is None]
    if missing:
        raise UsageError(
            f"the desktop app needs {', '.join(missing)}: pip install 'fwprof[gui]'"
        )
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and not os.environ.get(
        "QT_QPA_PLATFORM"
    ):
        raise UsageError("no display found (DISPLAY is not set); try 'fwprof run' for the CLI")
    os.execv(sys.executable, [sys.executable, "-m", "ui", *snapshots])
    return 0  # pragma: no cover - execv does not return
