"""Which interpreter the window's runs use: chosen at start, shown in the setup, changed in
Settings (saved with QSettings), and handed to each real session."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt

from fwprof.config import SessionConfig
from fwprof.launch.interpreter import InterpreterInfo, candidate_interpreters, choose_interpreter, is_frozen
from fwprof.launch.observer import SessionObserver
from ui.threads import run_in_background

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.session_worker import SessionLike
    from ui.settings_dialog import SettingsDialog


class InterpreterController(QObject):
    """Owns the interpreter choice of a :class:`MainWindow` (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.info: InterpreterInfo | None = None  # None until the first probe has finished
        self.dialog: SettingsDialog | None = None
        self.host: dict[str, Any] = {}
        self._saved = window.settings.python()  # read here: QSettings stays on the GUI thread

    def choose(self) -> InterpreterInfo:
        """Worker thread: the saved interpreter, or the best one found (see
        :func:`fwprof.launch.interpreter.choose_interpreter`)."""
        return choose_interpreter(self._saved, candidate_interpreters(),
                                  self.window.services.interpreter_probe)

    def show(self, info: InterpreterInfo) -> None:
        """Use ``info`` for the next runs; show it and its frameworks in the run setup."""
        self.info = info
        w = self.window
        probe = w.services.framework_probe
        installed = probe() if probe is not None else dict(info.frameworks)
        w.setup.set_interpreter(info)
        w.setup.set_installed(installed)
        w.setup.set_machine(self.host, installed, w.gpu_info)

    def open_settings(self) -> None:
        """The Settings dialog; accepting it saves the interpreter and probes it again."""
        from ui.settings_dialog import SettingsDialog

        w = self.window
        if not w.commands.settings.isEnabled():  # a session is running (the setup's link)
            return
        current = self.info.path if self.info else w.settings.python()
        dialog = SettingsDialog(current, candidate_interpreters(), w.services.interpreter_probe,
                                w.theme, w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._chosen(dialog.chosen_path()))
        self.dialog = dialog
        dialog.open()

    def _chosen(self, path: str) -> None:
        self.window.settings.set_python(path)
        self._saved = path
        self.window.setup.set_interpreter(None)
        probe = self.window.services.interpreter_probe
        run_in_background(lambda: probe(path), self.show,
                          lambda reason: self.show(InterpreterInfo(path, error=reason)),
                          self.window)

    def make_session(self, config: SessionConfig,
                     observers: tuple[SessionObserver, ...]) -> SessionLike:
        """Worker thread: the real session, its children on the chosen interpreter."""
        from ui.interpreter_session import session_on_interpreter

        info = self.info
        if info is None and is_frozen():
            raise RuntimeError("the Python interpreter is still being checked; try again")
        return session_on_interpreter(config, observers, info.path if info else sys.executable)
