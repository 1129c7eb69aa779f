"""The main window: run setup on the left; live timelines + queue, results, environment and
comparison in tabs; an inline message bar for errors; status bar with sampler rate and GPU.

Heavy widgets (everything pyqtgraph draws) sit in :class:`LazyPane` s that
:meth:`MainWindow.finish_startup` fills after the first paint, so the window appears fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fwprof import __version__
from fwprof.launch.interpreter import InterpreterInfo, probe_interpreter
from fwprof.launch.pacing import measure_rate_hz
from fwprof.results import SessionRecord
from ui.actions import build_menus, create_actions
from ui.environment_panel import EnvironmentPanel
from ui.export_controller import ExportController
from ui.file_controller import FileController
from ui.interpreter_controller import InterpreterController
from ui.lazy import LazyPane
from ui.message_bar import MessageBar
from ui.probes import probe_gpu, probe_host
from ui.run_queue import RunQueueView
from ui.script_controller import ScriptController
from ui.session_controller import SessionController
from ui.session_worker import SessionFactory, SessionWorker
from ui.settings import AppSettings
from ui.setup_panel import SetupPanel
from ui.theme import Theme, apply_palette, current_theme, primary_button_css
from ui.threads import run_in_background, running_threads

TAB_LIVE, TAB_RESULTS, TAB_ENVIRONMENT, TAB_COMPARE, TAB_CONVERGENCE, TAB_CODE = range(6)


@dataclass
class Services:
    """What the window depends on, replaceable in tests."""

    #: None: a real session whose children run on the interpreter chosen in Settings.
    session_factory: SessionFactory | None = None
    settings: AppSettings | None = None
    gpu_probe: Callable[[], dict[str, Any]] = probe_gpu
    #: None: the frameworks the chosen interpreter has.
    framework_probe: Callable[[], dict[str, str | None]] | None = None
    interpreter_probe: Callable[[str], InterpreterInfo] = probe_interpreter


@dataclass
class Document:
    """The session the window shows: recorded live or opened from a snapshot."""

    record: SessionRecord
    summary: dict[str, Any]
    path: Path | None = None


class MainWindow(QMainWindow):
    """The fwprof desktop window (see module docstring)."""

    became_ready = Signal()  # probes done, session modules imported

    def __init__(self, services: Services | None = None, theme: Theme | None = None) -> None:
        super().__init__()
        self.services = services or Services()
        self.settings = self.services.settings or AppSettings()
        self.theme = theme or current_theme()
        self.interpreters = InterpreterController(self)
        self.worker = SessionWorker(
            self.services.session_factory or self.interpreters.make_session, self)
        self.document: Document | None = None
        self.gpu_info: dict[str, Any] = {}
        self.ready = False
        self.commands = create_actions(self)
        self.recent_menu = build_menus(self, self.commands)
        self._build_central()
        self._build_status_bar()
        self.sessions = SessionController(self)
        self.files = FileController(self)
        self.script_runs = ScriptController(self)  # Run ▸ Profile Script…
        self.exports = ExportController(self)  # File ▸ Export
        self._connect_actions()
        self.setWindowTitle("fwprof")
        self.resize(1440, 900)
        self.settings.restore_window(self)
        self.setup.add_model_files(self.settings.recent_models())
        self.setup.model_added.connect(self.settings.add_recent_model)
        saved = self.settings.last_config()
        if saved is not None:
            self.setup.set_config(saved)
        self.files.rebuild_recent_menu()

    # --- building -------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.messages = MessageBar(self.theme, self)
        self.setup = SetupPanel(self.theme, self)
        self.run_button, self.stop_button = (self._button(a) for a in (self.commands.run,
                                                                          self.commands.stop))
        self.run_button.setStyleSheet(primary_button_css(self.theme))
        self.setup_scroll = QScrollArea(self)
        self.setup_scroll.setWidget(self.setup)
        self.setup_scroll.setWidgetResizable(True)
        self.setup_scroll.setMinimumWidth(self.setup.sizeHint().width() + 24)
        self.setup_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._build_tabs()
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(self.setup_scroll)
        body.addWidget(self.tabs)
        body.setStretchFactor(1, 1)
        body.setChildrenCollapsible(False)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(6, 4, 6, 0)
        column.addWidget(self.messages)
        column.addWidget(body, 1)
        self.setCentralWidget(central)

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._live_tab(), "Live")
        self.results_pane = LazyPane(self._make_results, "Loading…", self)
        self.tabs.addTab(self.results_pane, "Results")
        self.environment = EnvironmentPanel(self)
        self.tabs.addTab(self.environment, "Environment")
        self.compare_pane = LazyPane(self._make_compare, "Loading…", self)
        self.tabs.addTab(self.compare_pane, "Compare")
        self.tabs.setTabVisible(TAB_COMPARE, False)
        self.convergence_pane = LazyPane(self._make_convergence, "Loading…", self)
        self.tabs.addTab(self.convergence_pane, "Convergence")
        self.code_pane = LazyPane(self._make_code, "Loading…", self)
        self.tabs.addTab(self.code_pane, "Code")
        self.deploy_pane = LazyPane(self._make_deploy, "Loading…", self)
        self.tabs.addTab(self.deploy_pane, "Deploy")
        self.tabs.setTabVisible(self.tabs.indexOf(self.deploy_pane), False)
        self.operators_pane = LazyPane(self._make_operators, "Loading…", self)
        self.tabs.addTab(self.operators_pane, "Operators")
        self.tabs.setTabVisible(self.tabs.indexOf(self.operators_pane), False)
        self._deploy_only = False
        self.tabs.currentChanged.connect(self._ensure_tab)
        self._converge_only = False

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton(self.setup)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setMinimumHeight(32)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setup.add_button(button)
        return button

    def _live_tab(self) -> QWidget:
        self.live_pane = LazyPane(self._make_timeline, "Loading the timelines…", self)
        self.queue = RunQueueView(self.theme, self)
        self.queue.steps_done = self.worker.buffer.steps_done
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.live_pane)
        splitter.addWidget(self.queue)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([620, 220])
        return splitter

    def _make_timeline(self) -> QWidget:
        from ui.timeline_view import TimelineView

        return TimelineView(self.worker.buffer, self.theme)

    def _make_results(self) -> QWidget:
        from ui.results_view import ResultsView

        view = ResultsView(self.theme)
        view.summary_shown.connect(self._summary_shown)
        return view

    def _make_convergence(self) -> QWidget:
        from ui.convergence_view import ConvergenceView

        return ConvergenceView(self.theme)

    def _make_code(self) -> QWidget:
        from ui.code_view import CodeView

        return CodeView(self.theme)

    def _ensure_tab(self, index: int) -> None:
        """Build a lazily made tab when it is first shown."""
        pane = self.tabs.widget(index)
        if isinstance(pane, LazyPane):
            pane.ensure()

    def _make_deploy(self) -> QWidget:
        from ui.deploy_view import DeployView

        return DeployView(self.theme)

    def _make_operators(self) -> QWidget:
        from ui.operators_view import OperatorsView

        return OperatorsView(self.theme)

    def _summary_shown(self, summary: dict[str, Any]) -> None:
        """The Convergence tab follows the Results tab; a convergence-only session opens on it."""
        self._converge_only = bool(summary.get("converge")) and not summary.get("groups")
        self._show_deploy(summary)
        _follow_summary(self.tabs, self.operators_pane, bool(summary.get("operators")), summary)
        if summary.get("converge") or self.convergence_pane.content is not None:
            view: Any = self.convergence_pane.ensure()
            view.show_summary(summary)

    def _make_compare(self) -> QWidget:
        from ui.compare_view import CompareView

        return CompareView(self.theme)

    def _build_status_bar(self) -> None:
        self.rate_label = QLabel(self)
        self.gpu_label = QLabel("GPU: checking…", self)
        for label in (self.rate_label, self.gpu_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)
        self.setup.changed.connect(self._update_rate_label)
        self._update_rate_label()

    def _connect_actions(self) -> None:
        a = self.commands
        a.run.triggered.connect(self.sessions.start)
        a.stop.triggered.connect(self.sessions.stop)
        a.preset_quick.triggered.connect(lambda: self.setup.choose_preset("Quick"))
        a.preset_full.triggered.connect(lambda: self.setup.choose_preset("Full"))
        a.open.triggered.connect(self.files.open_dialog)
        a.save.triggered.connect(self.files.save)
        a.save_as.triggered.connect(self.files.save_as)
        a.compare.triggered.connect(self.files.compare_dialog)
        a.quit.triggered.connect(self.close)
        for action, tab in ((a.show_live, TAB_LIVE), (a.show_results, TAB_RESULTS),
                            (a.show_environment, TAB_ENVIRONMENT), (a.show_compare, TAB_COMPARE)):
            action.triggered.connect(lambda _=False, t=tab: self.show_tab(t))
        a.toggle_setup.toggled.connect(self.setup_scroll.setVisible)
        a.reset_zoom.triggered.connect(self._reset_zoom)
        a.about.triggered.connect(self._about)
        a.settings.triggered.connect(self.interpreters.open_settings)
        self.setup.interpreter_change_requested.connect(self.interpreters.open_settings)

    def _show_deploy(self, summary: dict[str, Any]) -> None:
        """The Deploy tab follows the Results tab, shown only for sessions with deploy runs;
        a deploy-only session opens on it."""
        has_deploy = bool(summary.get("deploy"))
        self._deploy_only = has_deploy and not summary.get("groups")
        _follow_summary(self.tabs, self.deploy_pane, has_deploy, summary)

    @property
    def operators(self) -> Any:
        """The Operators tab's :class:`OperatorsView` (built on first use)."""
        return self.operators_pane.ensure()

    # --- the lazily built views -----------------------------------------------------------
    @property
    def timeline(self) -> Any:
        """The live :class:`TimelineView` (built on first use)."""
        return self.live_pane.ensure()

    @property
    def results(self) -> Any:
        """The :class:`ResultsView` (built on first use)."""
        return self.results_pane.ensure()

    @property
    def compare(self) -> Any:
        """The :class:`CompareView` (built on first use)."""
        return self.compare_pane.ensure()

    def finish_startup(self, snapshots: list[str] | None = None) -> None:
        """After the first paint: build the plots, probe GPU and frameworks, open files,
        offer unsaved sessions back."""
        self.live_pane.ensure()
        self.results_pane.ensure()
        run_in_background(self._probe_machine, self._machine_probed,
                          lambda reason: self._gpu_probed({"available": False, "reason": reason}),
                          self)
        paths = list(snapshots or [])
        if len(paths) >= 2:
            self.files.compare_snapshots(Path(paths[0]), Path(paths[1]))
        elif paths:
            self.files.open_snapshot(Path(paths[0]))
        from ui.recovery_prompt import RecoveryPrompt

        self.recovery = RecoveryPrompt(self)
        self.became_ready.connect(self.recovery.check)  # its modules are imported by then

    # --- shared helpers -------------------------------------------------------------------
    def show_tab(self, index: int) -> None:
        """Bring a tab forward (the Compare tab only once something was compared)."""
        if index == TAB_COMPARE and not self.tabs.isTabVisible(TAB_COMPARE):
            self.statusBar().showMessage("Nothing compared yet: File ▸ Compare Snapshots…", 5000)
            return
        if index == TAB_RESULTS and self._converge_only:
            index = TAB_CONVERGENCE
        elif index == TAB_RESULTS and self._deploy_only:
            index = self.tabs.indexOf(self.deploy_pane)
        self.tabs.setCurrentIndex(index)

    def show_error(self, text: str, details: str = "", level: str = "error") -> None:
        """Tell the user inline (the message bar) and in the status bar."""
        self.messages.show_message(text, level, details)

    def set_document(self, document: Document | None) -> None:
        """The session now shown (for saving) and the window title."""
        self.document = document
        has_record = document is not None
        self.commands.save.setEnabled(has_record)
        self.commands.save_as.setEnabled(has_record)
        name = "no session" if document is None else (
            document.path.name if document.path else "unsaved session")
        self.setWindowTitle(f"fwprof — {name}")

    def apply_theme(self, theme: Theme) -> None:
        """Switch every view to ``theme`` (called when the system scheme changes)."""
        self.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_palette(app, theme)
        for widget in (self.messages, self.queue):
            widget.apply_theme(theme)
        self.run_button.setStyleSheet(primary_button_css(theme))
        for pane in (self.live_pane, self.results_pane, self.compare_pane, self.convergence_pane,
                     self.code_pane, self.deploy_pane, self.operators_pane):
            if pane.content is not None and hasattr(pane.content, "apply_theme"):
                pane.content.apply_theme(theme)

    def _probe_machine(self) -> tuple[dict[str, Any], InterpreterInfo, dict[str, Any]]:
        """Worker thread: GPU, the interpreter for runs (and its frameworks); the session
        modules are imported ahead of use by every background call (importing them when Run is
        pressed would compete with the GUI for the GIL)."""
        return self.services.gpu_probe(), self.interpreters.choose(), probe_host()

    def _machine_probed(self, found: tuple[dict[str, Any], InterpreterInfo,
                                           dict[str, Any]]) -> None:
        gpu, interpreter, host = found
        self._gpu_probed(gpu)
        self.interpreters.host = host
        self.interpreters.show(interpreter)
        self.ready = True
        self.became_ready.emit()

    def _gpu_probed(self, info: dict[str, Any]) -> None:
        self.gpu_info = info
        available = bool(info.get("available"))
        self.setup.set_gpu(available, info.get("reason"))
        if available:
            names = ", ".join(d.get("name", "?") for d in info.get("devices", []))
            self.gpu_label.setText(f"GPU: {names}")
            self.gpu_label.setToolTip("")
        else:
            self.gpu_label.setText("GPU: not available")
            self.gpu_label.setToolTip(str(info.get("reason") or "no GPU found"))

    def _update_rate_label(self) -> None:
        config = self.setup.config()
        text = f"Sampler: {config.sample_rate_hz:g} Hz"
        busy = measure_rate_hz(config.run_template("torch", "mlp", "train", "eager").resolved(),
                               config)
        if busy is not None:
            text += f" ({busy:g} Hz while measuring runs that use every core)"
        self.rate_label.setText(text)

    def _reset_zoom(self) -> None:
        self.timeline.reset_zoom()

    def _about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "About fwprof",
                          f"<b>fwprof {__version__}</b><br>Runs the same workloads in PyTorch "
                          "and TensorFlow, each in its own process, samples CPU, memory and GPU, "
                          "and compares them with confidence intervals.",
                          QMessageBox.StandardButton.Close, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop a running session, wait for every thread, remember window and setup."""
        if self.worker.is_running():
            self.statusBar().showMessage("Stopping the session…")
            QGuiApplication.processEvents()
            self.worker.stop()
        self.worker.wait(30_000)
        for thread in running_threads():
            thread.wait(10_000)
        self.sessions.shutdown()
        self.settings.save_window(self)
        self.settings.save_config(self.setup.config())
        self.settings.sync()
        super().closeEvent(event)


def _follow_summary(tabs: QTabWidget, pane: LazyPane, shown: bool, summary: dict[str, Any]) -> None:
    """A tab shown only for some sessions: visible when ``shown``; its view (built when first
    needed) shows ``summary``."""
    tabs.setTabVisible(tabs.indexOf(pane), shown)
    if shown or pane.content is not None:
        view: Any = pane.ensure()
        view.show_summary(summary)
