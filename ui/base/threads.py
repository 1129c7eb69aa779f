"""Every thread the app starts is a :class:`TrackedThread`, so tests can prove none is left.

:class:`BackgroundCall` runs one function off the GUI thread (probing the GPU, reading or
writing a snapshot) and reports its result or error back through queued signals.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from ui.base.core_imports import import_core

_LIVE_THREADS: weakref.WeakSet[TrackedThread] = weakref.WeakSet()
_PENDING_CALLS: set[BackgroundCall] = set()  # strong references until each call has finished


class TrackedThread(QThread):
    """A QThread that registers itself; :func:`running_threads` lists those still running."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        _LIVE_THREADS.add(self)


def running_threads() -> list[TrackedThread]:
    """Tracked threads that have not finished."""
    alive = []
    for thread in list(_LIVE_THREADS):
        try:
            if thread.isRunning():
                alive.append(thread)
        except RuntimeError:  # the C++ object is already gone
            continue
    return alive


class BackgroundCall(TrackedThread):
    """Runs ``function()`` in its own thread; emits ``succeeded(result)`` or ``failed(message)``.

    The signals are delivered to the GUI thread (queued), after which the thread deletes itself.
    """

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, function: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._function = function
        _PENDING_CALLS.add(self)
        self.finished.connect(self._release)

    def _release(self) -> None:
        _PENDING_CALLS.discard(self)
        self.deleteLater()

    def run(self) -> None:
        """Thread body: call the function and report."""
        try:
            import_core()
            result = self._function()
        except Exception as exc:  # reported to the user by the receiver
            self.failed.emit(describe_exception(exc))
            return
        self.succeeded.emit(result)


def run_in_background(
    function: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[str], None],
    parent: QObject | None = None,
) -> BackgroundCall:
    """Start a :class:`BackgroundCall` wired to the two callbacks; returns it (already running)."""
    call = BackgroundCall(function, parent)
    call.succeeded.connect(on_success)
    call.failed.connect(on_failure)
    call.start()
    return call


def describe_exception(exc: BaseException) -> str:
    """A one-line reason for people: the message, or the exception's type when it has none."""
    text = str(exc).strip()
    return text if text else type(exc).__name__
