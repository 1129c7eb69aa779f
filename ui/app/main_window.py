"""The main window: run setup on the left; live timelines + queue, results, environment and
comparison in tabs; an inline message bar for errors; status bar with sampler rate and GPU.

Heavy widgets (everything pyqtgraph draws) sit in :class:`LazyPane` s that
:meth:`MainWindow.finish_startup` fills after the first paint, so the window appears fast.
The controllers it builds see it only as a :class:`~ui.controllers.host.WindowHost`: the
methods under "the window's API" below are what they may call.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fwprof.launch.interpreter import InterpreterInfo, probe_interpreter
from fwprof.launch.pacing import measure_rate_hz
from ui.app import scenario_views, tab_views
from ui.app.about import show_about
from ui.app.probes import probe_gpu, probe_host
from ui.base.learned_durations import LearnedDurations
from ui.base.settings import AppSettings
from ui.base.theme import Theme, apply_palette, primary_button_css, theme_for
from ui.base.threads import run_in_background, running_threads
from ui.controllers.actions import build_menus, create_actions
from ui.controllers.duration_learner import DurationLearner
from ui.controllers.export_controller import ExportController
from ui.controllers.file_controller import FileController
from ui.controllers.file_drop import FileDrop
from ui.controllers.host import Document, Tab
from ui.controllers.interpreter_controller import InterpreterController
from ui.controllers.preferences_controller import PreferencesController
from ui.controllers.scenario_session import ScenarioSessions
from ui.controllers.script_controller import ScriptController
from ui.controllers.session_controller import SessionController
from ui.controllers.session_worker import SessionFactory, SessionWorker
from ui.controllers.tab_menu import TabMenu
from ui.controllers.theme_controller import ThemeController
from ui.controllers.unsaved_guard import UnsavedGuard
from ui.views.session.environment_panel import EnvironmentPanel
from ui.views.session.run_queue import RunQueueView
from ui.views.setup.setup_panel import SetupPanel
from ui.widgets.lazy import LazyPane
from ui.widgets.message_bar import MessageBar

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument


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


class MainWindow(QMainWindow):
    """The fwprof desktop window (see module docstring); a :class:`~ui.controllers.host.WindowHost`."""

    became_ready = Signal()  # probes done, session modules imported
    document_changed = Signal(object)  # the new Document, or None (see set_document)

    def __init__(self, services: Services | None = None, theme: Theme | None = None) -> None:
        super().__init__()
        self.services = services or Services()
        self.settings = self.services.settings or AppSettings()
        self.theme = theme or theme_for(self.settings.theme_choice())
        self.interpreters = InterpreterController(self, self.services.interpreter_probe,
                                                  self.services.framework_probe)
        self.worker = SessionWorker(
            self.services.session_factory or self.interpreters.make_session, self)
        self.document: Document | None = None
        self.ready = False
        self.commands = create_actions(self)
        self.recent_menu = build_menus(self, self.commands)
        self._build_central()
        self._build_status_bar()
        self.sessions = SessionController(self)
        self.sessions.scenario_factory = ScenarioSessions(
            lambda: self.interpreters.info.path if self.interpreters.info else sys.executable)
        self.files = FileController(self, self.recent_menu)
        self.script_runs = ScriptController(self, self.sessions, self.interpreters)  # Run ▸ Profile Script…
        self.exports = ExportController(self)  # File ▸ Export
        self.unsaved = UnsavedGuard(self, self.files, self.sessions)  # asks before results go
        self.themes = ThemeController(self, self.apply_theme)  # View ▸ Theme
        self.durations = DurationLearner(  # estimates from this machine's past runs
            self, LearnedDurations(self.settings.durations_path()))
        self.tab_menu = TabMenu(self, self.tabs)  # View ▸ every tab
        self.file_drop = FileDrop(self, self.files)  # .fwprof files dropped on the window
        self._connect_actions()
        self.setWindowTitle("fwprof")
        self.resize(1440, 900)
        self.settings.restore_window(self)
        self.setup.add_model_files(self.settings.recent_models())
        self.setup.model_added.connect(self.settings.add_recent_model)
        saved = self.settings.last_config()
        if saved is not None:
            self.setup.set_config(saved)
        self.preferences = PreferencesController(self, self.interpreters, self.themes)
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
        self.setup_scroll.setMinimumWidth(_setup_width(self.setup.sizeHint().width() + 24))
        self.setup_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._build_tabs()
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(self.setup_scroll)
        body.addWidget(self.tabs)
        body.setStretchFactor(1, 1)
        body.setChildrenCollapsible(False)
        central = QWidget(self)
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(6, 4, 6, 0)
        self._column.addWidget(self.messages)
        self._column.addWidget(body, 1)
        self.setCentralWidget(central)

    def _build_tabs(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._live_tab(), "Live")
        self.results_pane = self._lazy_tab("Results", self._make_results)
        self.environment = EnvironmentPanel(self)
        self.tabs.addTab(self.environment, "Environment")
        self.compare_pane = self._lazy_tab("Compare", lambda: tab_views.compare(self.theme))
        # the rest in Tab order: each scenario's own tab (scenario_views), the Code and Operators tabs
        shared = {Tab.CODE: ("Code", tab_views.code), Tab.OPERATORS: ("Operators", tab_views.operators)}
        self.scenario_panes: dict[str, LazyPane] = {}
        panes: dict[Tab, LazyPane] = {}
        for tab in (t for t in Tab if t > Tab.COMPARE):
            own = scenario_views.OWN_TABS.get(tab)
            title, make = (own.title, own.make) if own is not None and own.make else shared[tab]
            panes[tab] = self._lazy_tab(title, lambda make=make: make(self.theme))
            assert self.tabs.indexOf(panes[tab]) == tab
            if own is not None:
                self.scenario_panes[own.scenario] = panes[tab]
                self.tabs.setTabVisible(tab, not own.hidden_when_absent)
        self.convergence_pane, self.deploy_pane, self.scaling_pane, self.code_pane, self.operators_pane = (
            panes[t] for t in (Tab.CONVERGENCE, Tab.DEPLOY, Tab.SCALING, Tab.CODE, Tab.OPERATORS))
        for hidden in (Tab.COMPARE, Tab.OPERATORS):  # shown once they have content
            self.tabs.setTabVisible(hidden, False)
        self._opening_tab = Tab.RESULTS
        self.tabs.currentChanged.connect(self._ensure_tab)

    def _lazy_tab(self, title: str, factory: Callable[[], QWidget]) -> LazyPane:
        pane = LazyPane(factory, "Loading…", self)
        self.tabs.addTab(pane, title)
        return pane

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton(self.setup)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setMinimumHeight(32)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setup.add_button(button)
        return button

    def _live_tab(self) -> QWidget:
        self.live_pane = LazyPane(lambda: tab_views.timeline(self.worker.buffer, self.theme),
                                  "Loading the timelines…", self)
        self.queue = RunQueueView(self.theme, self)
        self.queue.steps_done = self.worker.buffer.steps_done
        self._live_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self._live_splitter.addWidget(self.live_pane)
        self._live_splitter.addWidget(self.queue)
        self._live_splitter.setStretchFactor(0, 3)
        self._live_splitter.setStretchFactor(1, 1)
        self._live_splitter.setSizes([620, 220])
        return self._live_splitter

    def _make_results(self) -> QWidget:
        view = tab_views.results(self.theme)
        view.summary_shown.connect(self._summary_shown)
        self.document_changed.connect(lambda doc: view.show_record(doc.record if doc else None))
        return view

    def _ensure_tab(self, index: int) -> None:
        """Build a lazily made tab when it is first shown."""
        pane = self.tabs.widget(index)
        if isinstance(pane, LazyPane):
            pane.ensure()

    def _summary_shown(self, summary: SummaryDocument | None) -> None:
        """Each scenario's own tab (scenario_views) and the Operators tab follow the Results
        tab; a session whose leading scenario has a tab of its own opens on it."""
        present = scenario_views.scenarios_in(summary)
        for view in scenario_views.SCENARIO_VIEWS:
            pane = self.scenario_panes.get(view.scenario)
            if pane is None:
                continue  # the Results tab shows it
            if view.hidden_when_absent:
                tab_views.follow_summary(self.tabs, pane, view.scenario in present, summary)
            elif view.scenario in present or pane.content is not None:
                content: Any = pane.ensure()
                content.show_summary(summary)
        tab_views.follow_summary(self.tabs, self.operators_pane,
                                 summary is not None and bool(summary.operators), summary)
        self._opening_tab = scenario_views.opening_tab(present)

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
        for action, tab in ((a.show_live, Tab.LIVE), (a.show_results, Tab.RESULTS),
                            (a.show_environment, Tab.ENVIRONMENT), (a.show_compare, Tab.COMPARE)):
            action.triggered.connect(lambda _=False, t=tab: self.select_tab(t))
        a.toggle_setup.toggled.connect(self.setup_scroll.setVisible)
        a.reset_zoom.triggered.connect(self._reset_zoom)
        a.about.triggered.connect(lambda: show_about(self, self.interpreters.info))
        a.settings.triggered.connect(lambda: self.preferences.open_settings())
        self.setup.interpreter_change_requested.connect(self.interpreters.open_settings)

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

    @property
    def operators(self) -> Any:
        """The Operators tab's :class:`OperatorsView` (built on first use)."""
        return self.operators_pane.ensure()

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
        from ui.controllers.recovery_prompt import RecoveryPrompt

        self.recovery = RecoveryPrompt(self)
        self.recovery.confirm = self.unsaved.confirm  # a recovered session replaces the one shown
        self.became_ready.connect(self.recovery.check)  # its modules are imported by then

    # --- the window's API (WindowHost) ----------------------------------------------------
    @property
    def widget(self) -> QMainWindow:
        """This window, as the Qt parent of controllers, dialogs and threads."""
        return self

    def select_tab(self, tab: Tab, reveal: bool = False) -> None:
        """Bring a tab forward (the Compare tab only once something was compared)."""
        if reveal:
            self.tabs.setTabVisible(tab, True)
        if tab == Tab.COMPARE and not self.tabs.isTabVisible(Tab.COMPARE):
            self.show_status("Nothing compared yet: File ▸ Compare Snapshots…", 5000)
            return
        if tab == Tab.RESULTS:
            tab = self._opening_tab
        self.tabs.setCurrentIndex(tab)

    def show_error(self, text: str, details: str = "", level: str = "error") -> None:
        """Tell the user inline (the message bar)."""
        self.messages.show_message(text, level, details)

    def hide_message(self) -> None:
        """Hide the message bar."""
        self.messages.hide()

    def show_status(self, text: str, timeout_ms: int = 0) -> None:
        """A status bar message (for ``timeout_ms``; 0: until replaced)."""
        self.statusBar().showMessage(text, timeout_ms)

    def clear_status(self) -> None:
        """Clear the status bar's message."""
        self.statusBar().clearMessage()

    def show_document(self, document: Document, source: str) -> None:
        """A whole recorded session (opened or recovered) in every view; see WindowHost."""
        from ui.views.timeline.live_buffer import batch_from_record

        record = document.record
        self.hide_message()
        self.timeline.clear()
        self.timeline.show_batch(batch_from_record(record))
        self.queue.model.set_runs(record.runs)
        self.results.show_summary(document.summary, source)
        self.environment.show_environment(record.environment)
        self.set_document(document)

    def set_document(self, document: Document | None) -> None:
        """The session now shown (for saving) and the window title."""
        self.document = document
        has_record = document is not None
        self.commands.save.setEnabled(has_record)
        self.commands.save_as.setEnabled(has_record)
        name = "no session" if document is None else (
            document.path.name if document.path else "unsaved session")
        self.setWindowTitle(f"fwprof — {name}")
        self.document_changed.emit(document)

    def add_under_queue(self, widget: QWidget) -> None:
        """Below the run queue, in the Live tab's splitter."""
        self._live_splitter.addWidget(widget)
        self._live_splitter.setStretchFactor(self._live_splitter.count() - 1, 1)

    def add_under_messages(self, widget: QWidget) -> None:
        """Right under the message bar."""
        self._column.insertWidget(1, widget)

    # --- theme, probes, closing -----------------------------------------------------------
    def apply_theme(self, theme: Theme) -> None:
        """Switch every view to ``theme`` (View ▸ Theme, or the system scheme changed)."""
        self.theme = theme
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_palette(app, theme)
        for widget in (self.messages, self.queue):
            widget.apply_theme(theme)
        self.run_button.setStyleSheet(primary_button_css(theme))
        for pane in (self.live_pane, self.results_pane, self.compare_pane, self.convergence_pane,
                     self.code_pane, self.deploy_pane, self.operators_pane, self.scaling_pane):
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
        from fwprof.cli.run_plan import scenario_forms  # the core is imported by now

        self.setup.set_scenarios(scenario_forms())
        self.setup.restore_scenario(*self.settings.last_scenario())
        self._gpu_probed(gpu)
        self.interpreters.host = host
        self.interpreters.show(interpreter)
        self.ready = True
        self.became_ready.emit()

    def _gpu_probed(self, info: dict[str, Any]) -> None:
        self.interpreters.gpu = info
        available = bool(info.get("available"))
        self.setup.set_gpu(available, info.get("reason"), info.get("devices"))
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

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about unsaved results; stop a running session, wait for every thread, remember
        window and setup."""
        if not self.unsaved.confirm_close():
            event.ignore()
            return
        if self.worker.is_running():
            self.show_status("Stopping the session…")
            QGuiApplication.processEvents()
            self.worker.stop()
        self.worker.wait(30_000)
        for thread in running_threads():
            thread.wait(10_000)
        self.queue.set_live(False)  # stop the views' timers
        if self.live_pane.content is not None:
            self.timeline.timer.stop()
        self.settings.save_window(self)
        self.settings.save_config(self.setup.config())
        self.settings.save_scenario(self.setup.chosen_scenario(), self.setup.scenario_arguments())
        self.settings.sync()
        super().closeEvent(event)


def _setup_width(wanted: int) -> int:
    """The setup panel's minimum width: all of it, but at most 2/5 of the screen (with a large
    font on a 1024-pixel screen it scrolls sideways instead of pushing the window off-screen)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    return min(wanted, screen.availableGeometry().width() * 2 // 5)
