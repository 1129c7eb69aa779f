"""A comparison whose children run on the interpreter chosen in Settings.

:class:`fwprof.launch.session.Session` takes ``python=`` for its children, but records the
*app's* interpreter and the frameworks installed next to the app. In the standalone bundle that
is neither a Python nor a place with a framework, so :class:`InterpreterSession` records what
the probe of the chosen interpreter found, and skips (with a clear reason) the runs of a
framework that interpreter lacks. Imported in the session's worker thread, on first use.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from fwprof.catalog import FRAMEWORK_LABELS, FRAMEWORKS
from fwprof.config import SessionConfig
from fwprof.launch.autosave import SessionAutosave
from fwprof.launch.observer import SessionObserver
from fwprof.launch.session import Session
from fwprof.snapshot.recovery_files import RecoveryError
from ui.interpreter import InterpreterInfo, is_frozen, probe_interpreter


class InterpreterSession(Session):
    """A :class:`Session` on the probed interpreter ``info`` (see the module docstring)."""

    def __init__(self, config: SessionConfig, observers: tuple[SessionObserver, ...],
                 info: InterpreterInfo, autosave: SessionAutosave | None = None) -> None:
        super().__init__(config, observers, python=info.path, autosave=autosave)
        self.interpreter = info

    @contextmanager
    def _session_scope(self) -> Iterator[None]:
        environment = self.record.environment
        environment["installed"] = {name: self.interpreter.frameworks.get(name)
                                    for name in FRAMEWORKS}
        environment["python"] = self.interpreter.version
        environment["python_executable"] = self.interpreter.executable or self.interpreter.path
        with super()._session_scope():
            yield

    def _missing_framework(self, framework: str) -> str | None:
        if self._installed.get(framework):
            return None
        label = FRAMEWORK_LABELS.get(framework, framework)
        return (f"{label} is not installed in {self.python} (choose another interpreter in "
                "Settings, or install it there)")


def session_on_interpreter(config: SessionConfig, observers: tuple[SessionObserver, ...],
                           python: str) -> Session:
    """A session whose children run on ``python`` (probed here; an unusable one raises)."""
    autosave = _autosave()
    if python == sys.executable and not is_frozen():
        return Session(config, observers=observers, autosave=autosave)
    info = probe_interpreter(python)
    if not info.usable:
        raise RuntimeError(info.error)
    return InterpreterSession(config, observers, info, autosave)


def _autosave() -> SessionAutosave | None:
    """The session's autosave in the recovery folder (None if that folder cannot be used:
    the session still runs, as in the CLI)."""
    autosave = SessionAutosave()
    try:
        autosave.check()
    except RecoveryError:
        return None
    return autosave
