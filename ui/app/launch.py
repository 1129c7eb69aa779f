"""``fwprof-gui`` / ``python -m ui``: start reading the app's files ahead
(:mod:`ui.app.prefetch`), then import and run the app (:func:`ui.app.start.main`).

Kept to the standard library so that the read-ahead starts before PySide6 and numpy load.
"""

from __future__ import annotations

import atexit

from ui.app import prefetch


def main(argv: list[str] | None = None) -> int:
    """Start the app; returns its exit code."""
    prefetch.start()
    atexit.register(prefetch.record)  # what this run used, for the next cold start
    from ui.app.start import main as start_app

    return start_app(argv)
