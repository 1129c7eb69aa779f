"""Run ▸ Profile Script… (Ctrl+P): the dialog, the script session and its console pane.

The scripts run as a :class:`fwprof.scenarios.profile.session.ScriptSession` through the window's
:class:`~ui.session_worker.SessionWorker` (the same live timelines, run queue, results and
snapshot saving as a comparison). Their output goes through a :class:`ConsoleBuffer` to the
:class:`ConsolePane` under the run queue.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter

from fwprof.launch.observer import SessionObserver
from fwprof.results import RunResult
from ui.actions import _action
from ui.console_pane import ConsoleBuffer, ConsolePane
from ui.export_controller import menu_holding
from ui.script_entries import ScriptPlan

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.profile_dialog import ProfileDialog
    from ui.session_worker import SessionLike

ScriptFactory = Callable[[ScriptPlan, tuple[SessionObserver, ...]], "SessionLike"]


class ConsoleNotes(SessionObserver):
    """Marks each script's start and end in the console, in order with its output (the
    session thread calls it before the child starts and after its output has ended)."""

    def __init__(self, buffer: ConsoleBuffer) -> None:
        self.buffer = buffer

    def run_started(self, run: RunResult) -> None:
        command = " ".join(run.script_spec.argv) if run.is_script else run.spec.label
        self.buffer.append("note", f"▶ {run.spec.label}: {command}")

    def run_finished(self, run: RunResult) -> None:
        code = "" if run.exit_code is None else f", exit status {run.exit_code}"
        self.buffer.append("note", f"■ {run.spec.label}: {run.status}{code}")


def script_session_factory(buffer: ConsoleBuffer) -> ScriptFactory:
    """A session factory for :meth:`SessionWorker.start` that runs a :class:`ScriptPlan`."""
    def make(plan: ScriptPlan, observers: tuple[SessionObserver, ...]) -> SessionLike:
        from fwprof.scenarios.profile.session import ScriptSession  # worker thread, on first use

        return ScriptSession(plan.specs, (*observers, ConsoleNotes(buffer)),
                             plan.sample_rate_hz, on_output=buffer.on_output)

    return make


class ScriptController(QObject):
    """Owns Profile Script… of a :class:`MainWindow` (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ProfileDialog | None = None
        self.console = ConsolePane(ConsoleBuffer(), window.theme, window)
        self.console.setObjectName("scriptConsole")
        self.console.hide()
        self.factory = script_session_factory(self.console.buffer)
        self.action = self._add_action()
        self._install_console()
        window.worker.stopped_running.connect(self._stopped)

    def _add_action(self) -> QAction:
        w = self.window
        action = _action(w, "&Profile Script…", "Ctrl+P",
                         "Run your own scripts under fwprof, one after the other")
        action.triggered.connect(self.open_dialog)
        run_menu = menu_holding(w, w.commands.run)
        if run_menu is not None:
            run_menu.insertAction(w.commands.stop, action)
        return action

    def _install_console(self) -> None:
        """Below the run queue, shown once scripts run."""
        splitter = self.window.queue.parentWidget()
        if isinstance(splitter, QSplitter) and splitter.orientation() == Qt.Orientation.Vertical:
            splitter.addWidget(self.console)
            splitter.setStretchFactor(splitter.count() - 1, 1)

    def default_python(self) -> str:
        """The interpreter chosen in Settings (this one until the first probe has finished)."""
        info = self.window.interpreters.info
        return info.path if info is not None and info.usable else sys.executable

    def open_dialog(self) -> None:
        """Show the Profile Script dialog (not while a session runs)."""
        from fwprof.launch.interpreter import candidate_interpreters
        from ui.profile_dialog import ProfileDialog

        w = self.window
        if w.worker.is_running():
            w.statusBar().showMessage("A session is running: stop it first (Esc)", 5000)
            return
        if self.dialog is not None:
            self.dialog.raise_()
            return
        dialog = ProfileDialog(self.default_python(), candidate_interpreters(), os.getcwd(),
                               w.setup.rate.value(), w.theme, w)
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
        """Profile ``plan`` through the window's worker; the console follows the output."""
        w = self.window
        if w.worker.is_running():
            return
        self.console.clear_output()
        self.console.show()
        self.console.start()
        w.sessions.launch(plan, self.factory)

    def _stopped(self) -> None:
        self.console.stop()
