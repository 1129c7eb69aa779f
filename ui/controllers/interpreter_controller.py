"""Which interpreter the window's runs use: chosen at start, shown in the setup, changed in
Settings (saved with QSettings), and handed to each real session."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt

from fwprof.config import SessionConfig
from fwprof.launch.interpreter import InterpreterInfo, candidate_interpreters, choose_interpreter, is_frozen
from fwprof.launch.observer import SessionObserver
from ui.base.threads import run_in_background

if TYPE_CHECKING:
    from ui.controllers.host import WindowHost
    from ui.controllers.session_worker import SessionLike
    from ui.views.setup.settings_dialog import SettingsDialog


class InterpreterController(QObject):
    """Owns the interpreter choice of the window (see the module docstring).

    ``probe`` checks an interpreter; ``framework_probe`` (None: what the interpreter has) says
    which frameworks the setup may offer.
    """

    def __init__(self, window: WindowHost, probe: Callable[[str], InterpreterInfo],
                 framework_probe: Callable[[], dict[str, str | None]] | None = None) -> None:
        super().__init__(window.widget)
        self.window = window
        self.probe = probe
        self.framework_probe = framework_probe
        self.info: InterpreterInfo | None = None  # None until the first probe has finished
        self.dialog: SettingsDialog | None = None
        self.host: dict[str, Any] = {}  # the machine and its GPU, as the window probed them
        self.gpu: dict[str, Any] = {}
        self._saved = window.settings.python()  # read here: QSettings stays on the GUI thread

    def choose(self) -> InterpreterInfo:
        """Worker thread: the saved interpreter, or the best one found (see
        :func:`fwprof.launch.interpreter.choose_interpreter`)."""
        return choose_interpreter(self._saved, candidate_interpreters(), self.probe)

    def show(self, info: InterpreterInfo) -> None:
        """Use ``info`` for the next runs; show it and its frameworks in the run setup."""
        self.info = info
        setup = self.window.setup
        probe = self.framework_probe
        installed = probe() if probe is not None else dict(info.frameworks)
        setup.set_interpreter(info)
        setup.set_installed(installed)
        setup.set_machine(self.host, installed, self.gpu)

    def open_settings(self) -> None:
        """The Settings dialog; accepting it saves the interpreter and probes it again."""
        from ui.views.setup.settings_dialog import SettingsDialog

        w = self.window
        if not w.commands.settings.isEnabled():  # a session is running (the setup's link)
            return
        current = self.info.path if self.info else w.settings.python()
        dialog = SettingsDialog(current, candidate_interpreters(), self.probe, w.theme, w.widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._chosen(dialog.chosen_path()))
        self.dialog = dialog
        dialog.open()

    def _chosen(self, path: str) -> None:
        self.window.settings.set_python(path)
        self._saved = path
        self.window.setup.set_interpreter(None)
        probe = self.probe
        run_in_background(lambda: probe(path), self.show,
                          lambda reason: self.show(InterpreterInfo(path, error=reason)),
                          self.window.widget)

    def make_session(self, config: SessionConfig,
                     observers: tuple[SessionObserver, ...]) -> SessionLike:
        """Worker thread: the real session, its children on the chosen interpreter."""
        from ui.controllers.interpreter_session import session_on_interpreter

        info = self.info
        if info is None and is_frozen():
            raise RuntimeError("the Python interpreter is still being checked; try again")
        return session_on_interpreter(config, observers, info.path if info else sys.executable)
