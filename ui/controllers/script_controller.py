"""Run ▸ Profile Script… (Ctrl+P): the dialog, the script session and its console pane.

The scripts run as a :class:`fwprof.scenarios.profile.session.ScriptSession` (compared: a
:class:`~fwprof.scenarios.profile.compare_session.ScriptCompareSession`) through the window's
:class:`~ui.controllers.session_worker.SessionWorker` (the same live timelines, run queue, results and
snapshot saving as a comparison). Their output goes through a :class:`ConsoleBuffer` to the
:class:`ConsolePane` under the run queue.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

from fwprof.launch.observer import SessionObserver
from fwprof.results import RunResult
from ui.controllers.actions import menu_holding, window_action
from ui.views.profile.console_pane import FAILED, NOTE, START, ConsoleBuffer, ConsolePane
from ui.views.profile.script_entries import ScriptPlan

if TYPE_CHECKING:
    from ui.controllers.host import WindowHost
    from ui.controllers.interpreter_controller import InterpreterController
    from ui.controllers.session_controller import SessionController
    from ui.controllers.session_worker import SessionLike
    from ui.views.profile.profile_dialog import ProfileDialog

ScriptFactory = Callable[[ScriptPlan, tuple[SessionObserver, ...]], "SessionLike"]


class ConsoleNotes(SessionObserver):
    """Marks each script's start and end in the console, in order with its output (the
    session thread calls it before the child starts and after its output has ended)."""

    def __init__(self, buffer: ConsoleBuffer) -> None:
        self.buffer = buffer

    def run_started(self, run: RunResult) -> None:
        command = " ".join(run.script_spec.argv) if run.is_script else run.spec.label
        self.buffer.append(START, f"▶ {run.spec.label}: {command}")

    def run_finished(self, run: RunResult) -> None:
        code = "" if run.exit_code is None else f", exit status {run.exit_code}"
        self.buffer.append(FAILED if run.status == "failed" else NOTE,
                           f"■ {run.spec.label}: {run.status}{code}")


def script_session_factory(buffer: ConsoleBuffer) -> ScriptFactory:
    """A session factory for :meth:`SessionWorker.start` that runs a :class:`ScriptPlan`."""
    def make(plan: ScriptPlan, observers: tuple[SessionObserver, ...]) -> SessionLike:
        from fwprof.scenarios.profile.compare_session import ScriptCompareSession  # worker thread
        from fwprof.scenarios.profile.session import ScriptSession
        from ui.controllers.interpreter_session import app_autosave

        session: Callable[..., ScriptSession] = partial(ScriptSession, plan.specs)
        if plan.policy is not None:  # as fwprof profile --compare: alternating, until decided
            session = partial(ScriptCompareSession, plan.specs, plan.policy)
        return session(observers=(*observers, ConsoleNotes(buffer)),
                       sample_rate_hz=plan.sample_rate_hz, on_output=buffer.on_output,
                       autosave=app_autosave())

    return make


class ScriptController(QObject):
    """Owns Profile Script… of the window (see the module docstring): scripts start through
    ``sessions`` on the interpreter ``interpreters`` has chosen."""

    def __init__(self, window: WindowHost, sessions: SessionController,
                 interpreters: InterpreterController) -> None:
        super().__init__(window.widget)
        self.window = window
        self.sessions = sessions
        self.interpreters = interpreters
        self.dialog: ProfileDialog | None = None
        self.console = ConsolePane(ConsoleBuffer(), window.theme, window.widget)
        self.console.setObjectName("scriptConsole")
        self.console.hide()
        self.factory = script_session_factory(self.console.buffer)
        self.action = self._add_action()
        window.add_under_queue(self.console)  # shown once scripts run
        window.worker.stopped_running.connect(self._stopped)

    def _add_action(self) -> QAction:
        w = self.window
        action = window_action(w.widget, "&Profile Script…", "Ctrl+P",
                               "Run your own scripts under fwprof, one after the other, or compare them")
        action.triggered.connect(self.open_dialog)
        run_menu = menu_holding(w.widget, w.commands.run)
        if run_menu is not None:
            run_menu.insertAction(w.commands.stop, action)
        return action

    def default_python(self) -> str:
        """The interpreter chosen in Settings (this one until the first probe has finished)."""
        info = self.interpreters.info
        return info.path if info is not None and info.usable else sys.executable

    def open_dialog(self) -> None:
        """Show the Profile Script dialog (not while a session runs)."""
        from fwprof.launch.interpreter import candidate_interpreters
        from ui.views.profile.profile_dialog import ProfileDialog

        w = self.window
        if w.worker.is_running():
            w.show_status("A session is running: stop it first (Esc)", 5000)
            return
        if self.dialog is not None:
            self.dialog.raise_()
            return
        dialog = ProfileDialog(self.default_python(), candidate_interpreters(), os.getcwd(),
                               w.setup.rate.value(), w.theme, w.widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._accepted(dialog.plan()))
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()

    def _dialog_closed(self) -> None:
        self.dialog = None

    def _accepted(self, plan: ScriptPlan | None) -> None:
        if plan is not None:
            self.start(plan)

    def start(self, plan: ScriptPlan) -> None:
        """Profile ``plan`` through the window's worker, once the session shown may go
        (``sessions.confirm``); the console follows the output."""
        self.sessions.confirm(lambda: self._start(plan))

    def _start(self, plan: ScriptPlan) -> None:
        w = self.window
        if w.worker.is_running():
            return
        self.console.clear_output()
        self.console.show()
        self.console.start()
        self.sessions.launch(plan, self.factory)

    def _stopped(self) -> None:
        self.console.stop()
