"""Starting and stopping sessions from the window, and routing the worker's signals to views."""

from __future__ import annotations

import time
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from fwprof.config import SessionConfig
from fwprof.results import RunResult, SessionRecord
from ui.base.threads import run_in_background
from ui.controllers.file_controller import Confirm, proceed_at_once
from ui.controllers.host import Document, Tab
from ui.controllers.scenario_session import gpu_chosen
from ui.controllers.session_worker import SessionFactory

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument
    from ui.controllers.host import WindowHost


class SessionController(QObject):
    """Owns the run lifecycle of the window (see :mod:`ui.controllers.session_worker`)."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window.widget)
        self.window = window
        self.record: SessionRecord | None = None
        self.started_at = 0.0
        self.failures: list[str] = []
        #: Asked before a new session replaces the one shown (the unsaved-session guard sets it).
        self.confirm: Confirm = proceed_at_once
        #: Makes the session of a scenario with one of its own from ``fwprof run``'s arguments
        #: (:class:`ui.controllers.scenario_session.ScenarioSessions`; the window sets it).
        self.scenario_factory: SessionFactory | None = None
        self._gpu = ExitStack()
        worker = window.worker
        worker.session_started.connect(self._session_started)
        worker.runs_added.connect(self._runs_added)
        worker.run_started.connect(self._run_started)
        worker.run_phase.connect(window.queue.model.set_phase)
        worker.run_phase_ended.connect(window.queue.model.end_phase)
        worker.run_finished.connect(self._run_finished)
        worker.session_finished.connect(self._session_finished)
        worker.failed.connect(self._failed)
        worker.stopped_running.connect(self._stopped_running)

    def start(self) -> None:
        """Run the setup panel's configuration (errors go to the message bar)."""
        w = self.window
        if w.worker.is_running():
            return
        problem = w.setup.plan_error()
        if problem is not None:
            w.show_error(f"Cannot run this setup: {problem}", level="warning")
            return
        config = w.setup.config()
        w.settings.save_config(config)
        w.settings.save_scenario(w.setup.chosen_scenario(), w.setup.scenario_arguments())
        if w.setup.chosen_scenario() == "compare":
            self.confirm(lambda: self.launch(config))
            return
        from fwprof.cli.run_plan import check_arguments

        argv = w.setup.run_arguments()
        planned = check_arguments(argv)  # the built-in session's config (deploy), else its own
        if isinstance(planned, SessionConfig):
            self.confirm(lambda: self.launch(planned))
        else:
            self.confirm(lambda: self.launch(argv, self.scenario_factory))

    def launch(self, config: Any, factory: Any = None) -> None:
        """Start a checked session: ``factory`` as :meth:`SessionWorker.start` takes it."""
        w = self.window
        if w.worker.is_running():
            return
        w.hide_message()
        self.failures, self.record, self.started_at = [], None, time.monotonic()
        w.worker.buffer.drain()
        w.timeline.clear()
        w.timeline.start_live()
        w.queue.set_live(True)
        self._set_running(True)
        w.select_tab(Tab.LIVE)
        w.show_status("Starting the session…")
        self._gpu.enter_context(gpu_chosen(w.setup.gpu_index()))
        w.worker.start(config, factory)

    def stop(self) -> None:
        """End the current run and the queue (Esc)."""
        if self.window.worker.is_running():
            self.window.show_status("Stopping: ending the current run…")
            self.window.worker.stop()

    def _set_running(self, running: bool) -> None:
        w = self.window
        w.commands.run.setEnabled(not running)
        w.commands.stop.setEnabled(running)
        for action in (w.commands.open, w.commands.compare, w.commands.preset_quick,
                       w.commands.preset_full, w.commands.settings):
            action.setEnabled(not running)
        w.setup.set_running(running)

    def _session_started(self, record: SessionRecord) -> None:
        self.record = record
        self.window.queue.model.set_runs(record.runs)
        self.window.environment.show_environment(record.environment)
        self.window.set_document(None)

    def _runs_added(self, runs: list[RunResult]) -> None:
        """The session added pairs to undecided configurations: show them in the queue."""
        if self.record is None:
            return
        self.window.queue.model.set_runs(self.record.runs)
        names = ", ".join(dict.fromkeys(run.spec.label.rsplit(" #", 1)[0] for run in runs))
        self.window.show_status(
            f"{len(runs)} more runs: another pair for {names} (not decided yet)", 10000)

    def _run_started(self, run: RunResult) -> None:
        self.window.queue.model.update_run(run)
        total = len(self.record.runs) if self.record else 0
        index = int(run.run_id.lstrip("r") or 0)
        self.window.show_status(f"Run {index} of {total}: {run.spec.label}")

    def _run_finished(self, run: RunResult) -> None:
        self.window.queue.model.update_run(run)
        if run.status in ("failed", "skipped"):
            self.failures.append(f"{run.spec.label}: {run.status}: {run.error}")
            details = "\n\n".join(part for part in (run.stderr_tail, run.stdout_tail) if part)
            self.window.show_error(_failure_text(self.failures), details, level="error")

    def _session_finished(self, record: SessionRecord, summary: SummaryDocument | None) -> None:
        self.record = record
        for run in record.runs:  # runs skipped after a stop get no run_finished of their own
            self.window.queue.model.update_run(run)
        self.window.environment.show_environment(record.environment)
        if summary is None:
            run_in_background(lambda: _summarise(record), lambda s: self._show(record, s),
                              lambda reason: self.window.show_error(
                                  f"Could not summarise the session: {reason}"),
                              self.window.widget)
            return
        self._show(record, summary)

    def _show(self, record: SessionRecord, summary: SummaryDocument) -> None:
        w = self.window
        w.results.show_summary(summary, "not saved yet")
        w.set_document(Document(record, summary))
        elapsed = time.monotonic() - self.started_at
        w.show_status(f"Session {record.status} after {elapsed:.0f} s", 15000)
        if record.status == "finished" and any(r.status == "ok" for r in record.runs):
            w.select_tab(Tab.RESULTS)

    def _failed(self, message: str) -> None:
        self.window.show_error(message)
        self.window.show_status("The session could not run", 10000)

    def _stopped_running(self) -> None:
        self._gpu.close()
        self.window.timeline.stop_live()
        self.window.queue.set_live(False)
        self._set_running(False)


def _summarise(record: SessionRecord) -> SummaryDocument:
    from fwprof.outputs.summary import build_summary

    return build_summary(record)


def _failure_text(failures: list[str]) -> str:
    head = f"{len(failures)} run{'s' if len(failures) != 1 else ''} did not complete. "
    return head + failures[-1] + (" (and earlier ones: see the queue)" if len(failures) > 1 else "")
