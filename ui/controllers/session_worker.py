"""The bridge between a blocking :class:`fwprof.launch.session.Session` and the GUI thread.

``Session.run()`` runs in a :class:`TrackedThread`. Two observers follow it:

- a :class:`LiveBuffer`, which collects samples, step blocks and phases from the session and
  sampler threads under a lock; the live view drains it from a GUI timer (no signal per sample);
- a :class:`_SignalObserver`, which turns the rare, important callbacks (session and run
  start/finish, phase changes) into Qt signals. They are emitted from the worker thread on an
  object that lives in the GUI thread, so Qt queues them to the GUI thread.

When the session returns, its autosave is kept (a session with results: until the user saves
or discards it) or deleted (see :meth:`_SessionThread._settle_autosave`); then the summary
(bootstrap CIs, which can take a while) is built in the worker thread too, and delivered with
the record in :attr:`SessionWorker.session_finished`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

from fwprof.config import SessionConfig
from fwprof.launch.observer import SessionObserver
from fwprof.protocol import Event
from fwprof.results import RunResult, SessionRecord

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument
from ui.base.core_imports import import_core
from ui.base.threads import TrackedThread, describe_exception
from ui.views.timeline.live_buffer import LiveBuffer


class SessionLike(Protocol):
    """What the worker needs of a session: a blocking run and a thread-safe stop."""

    def run(self) -> SessionRecord:
        """Run to completion and return the record."""
        ...

    def stop(self) -> None:
        """End the current run and the queue (any thread)."""
        ...


SessionFactory = Callable[[SessionConfig, tuple[SessionObserver, ...]], SessionLike]


def real_session(config: SessionConfig, observers: tuple[SessionObserver, ...]) -> SessionLike:
    """The real :class:`Session` (imported here, in the worker thread, on first use); a model
    file is probed in both frameworks first (a failure says why, as the CLI does)."""
    from fwprof.launch.model_probe import probed_config
    from fwprof.scenarios.registry import builtin_session

    return builtin_session(probed_config(config), observers=observers)


class _SessionThread(TrackedThread):
    """Runs one session; its signals are queued to the GUI thread."""

    session_started = Signal(object)
    runs_added = Signal(object)
    run_started = Signal(object)
    run_phase = Signal(str, str)
    run_phase_ended = Signal(str, str)
    run_finished = Signal(object)
    session_finished = Signal(object, object)
    autosave_kept = Signal(object, object)
    failed = Signal(str)

    def __init__(self, factory: SessionFactory, config: Any,
                 buffer: LiveBuffer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._factory, self._config, self._buffer = factory, config, buffer
        self._lock = threading.Lock()
        self._session: SessionLike | None = None
        self._stop_requested = False

    def request_stop(self) -> None:
        """Stop the session, or make sure it stops as soon as it exists."""
        with self._lock:
            self._stop_requested = True
            session = self._session
        if session is not None:
            session.stop()

    def run(self) -> None:
        """Thread body: create, run, summarise; every error becomes :attr:`failed`."""
        import_core()
        session = self._create()
        if session is None:
            return
        try:
            record = session.run()
        except Exception as exc:  # shown to the user; the session's own errors are per run
            self.failed.emit(f"The session stopped with an error: {describe_exception(exc)}")
            return
        self._settle_autosave(session, record)
        self.session_finished.emit(record, _summary_or_none(record))

    def _settle_autosave(self, session: SessionLike, record: SessionRecord) -> None:
        """A session with results keeps its autosave, marked finished and not saved, until the
        user saves or discards it (:mod:`ui.controllers.unsaved_guard`); one without goes."""
        autosave = getattr(session, "autosave", None)
        if autosave is None:
            return
        if has_results(record):
            autosave.keep_unsaved()
            self.autosave_kept.emit(record, autosave.path)
        else:
            autosave.discard()

    def _create(self) -> SessionLike | None:
        observers = (self._buffer, _SignalObserver(self))
        try:
            session = self._factory(self._config, observers)
        except Exception as exc:  # ConfigError, a missing module, ...
            self.failed.emit(f"Could not start the session: {describe_exception(exc)}")
            return None
        with self._lock:
            self._session = session
            stop_now = self._stop_requested
        if stop_now:
            session.stop()
        return session


def has_results(record: SessionRecord) -> bool:
    """True when a run completed or failed: results worth asking about before they go (a
    session stopped before any run ended has none)."""
    return any(run.status in ("ok", "failed") for run in record.runs)


def _summary_or_none(record: SessionRecord) -> SummaryDocument | None:
    from fwprof.outputs.summary import build_summary

    try:
        return build_summary(record)
    except Exception:  # the GUI computes it again and reports the reason
        return None


class _SignalObserver(SessionObserver):
    """Forwards the session thread's callbacks as signals of the thread object."""

    def __init__(self, thread: _SessionThread) -> None:
        self._thread = thread

    def session_started(self, record: SessionRecord) -> None:
        self._thread.session_started.emit(record)

    def runs_added(self, runs: list[RunResult]) -> None:
        self._thread.runs_added.emit(list(runs))

    def run_started(self, run: RunResult) -> None:
        self._thread.run_started.emit(run)

    def run_event(self, run: RunResult, event: Event) -> None:
        if event.get("k") == "phase_start":
            self._thread.run_phase.emit(run.run_id, str(event.get("phase")))
        elif event.get("k") == "phase_end":
            self._thread.run_phase_ended.emit(run.run_id, str(event.get("phase")))

    def run_finished(self, run: RunResult) -> None:
        self._thread.run_finished.emit(run)


class SessionWorker(QObject):
    """Starts and stops sessions off the GUI thread; re-emits their signals.

    ``session_factory`` builds the session; tests pass a fake. :attr:`buffer` is the live data.
    """

    session_started = Signal(object)  # SessionRecord (runs planned, environment captured)
    runs_added = Signal(object)  # list[RunResult]: another pair of undecided configurations
    run_started = Signal(object)  # RunResult
    run_phase = Signal(str, str)  # run_id, phase name
    run_phase_ended = Signal(str, str)  # run_id, phase name (a script's phases nest and end)
    run_finished = Signal(object)  # RunResult
    session_finished = Signal(object, object)  # SessionRecord, SummaryDocument (or None)
    #: SessionRecord, Path: its autosave stays until saved or discarded (before session_finished)
    autosave_kept = Signal(object, object)
    failed = Signal(str)  # the session could not start or crashed
    stopped_running = Signal()  # the worker thread has ended, whatever the outcome

    def __init__(self, session_factory: SessionFactory = real_session,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.buffer = LiveBuffer()
        self._factory = session_factory
        self._thread: _SessionThread | None = None

    def is_running(self) -> bool:
        """True while a session thread is alive."""
        return self._thread is not None and self._thread.isRunning()

    def start(self, config: Any, factory: Callable[[Any, tuple[SessionObserver, ...]],
                                                   SessionLike] | None = None) -> None:
        """Run ``config`` in a new worker thread (one session at a time).

        ``factory`` replaces the worker's own for this session: e.g. a script session
        (:mod:`ui.controllers.script_controller`), whose ``config`` is a
        :class:`ui.views.profile.script_entries.ScriptPlan`.
        """
        if self.is_running():
            raise RuntimeError("a session is already running")
        thread = _SessionThread(factory or self._factory, config, self.buffer, self)
        for name in ("session_started", "runs_added", "run_started", "run_phase",
                     "run_phase_ended", "run_finished",
                     "autosave_kept", "session_finished", "failed"):
            getattr(thread, name).connect(getattr(self, name))
        thread.finished.connect(self._on_thread_finished)
        self._thread = thread
        thread.start()

    def stop(self) -> None:
        """End the current run and skip the rest (returns at once)."""
        if self._thread is not None:
            self._thread.request_stop()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the worker thread ends; True if it did (or none was running)."""
        return self._thread is None or self._thread.wait(timeout_ms)

    def _on_thread_finished(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.deleteLater()
        self.stopped_running.emit()
