"""A comparison whose children run on the interpreter chosen in Settings.

:class:`fwprof.launch.session.Session` probes an interpreter other than the app's own, records
what the probe found and skips the runs of a framework it lacks; this adds the app's autosave.
Imported in the session's worker thread, on first use.
"""

from __future__ import annotations

from fwprof.config import SessionConfig
from fwprof.launch.autosave import SessionAutosave
from fwprof.launch.model_probe import probed_config
from fwprof.launch.observer import SessionObserver
from fwprof.launch.session import Session
from fwprof.scenarios.registry import builtin_session
from fwprof.snapshot.recovery_files import RecoveryError


def session_on_interpreter(config: SessionConfig, observers: tuple[SessionObserver, ...],
                           python: str) -> Session:
    """A session whose children run on ``python`` (probed here; an unusable one raises
    :class:`fwprof.launch.interpreter.InterpreterError`); a model file is probed in both
    frameworks first (:class:`fwprof.workloads.user_model.UserModelError` says why not)."""
    return builtin_session(probed_config(config, python), observers=observers, python=python,
                           autosave=app_autosave())


def app_autosave() -> SessionAutosave | None:
    """The session's autosave in the recovery folder (None if that folder cannot be used:
    the session still runs, as in the CLI)."""
    autosave = SessionAutosave()
    try:
        autosave.check()
    except RecoveryError:
        return None
    return autosave
