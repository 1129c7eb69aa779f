"""The main window as its controllers see it: a small API instead of its attributes.

:class:`ui.app.main_window.MainWindow` implements :class:`WindowHost`; each controller is given
the window typed as this protocol, so controllers never import :mod:`ui.app` (which builds
them) and the window may rearrange its widgets without touching them. The views in the API are
the ones controllers feed; everything else (tabs, lazy panes, status and message bars, layout)
stays behind methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QMainWindow, QWidget

    from fwprof.outputs.document import SummaryDocument
    from fwprof.results import SessionRecord
    from ui.base.settings import AppSettings
    from ui.base.theme import Theme
    from ui.controllers.actions import Actions
    from ui.controllers.session_worker import SessionWorker
    from ui.views.diff.compare_view import CompareView
    from ui.views.results.results_view import ResultsView
    from ui.views.session.environment_panel import EnvironmentPanel
    from ui.views.session.run_queue import RunQueueView
    from ui.views.setup.setup_panel import SetupPanel
    from ui.views.timeline.timeline_view import TimelineView


class Tab(IntEnum):
    """The window's tabs, in the order they appear."""

    LIVE = 0
    RESULTS = 1
    ENVIRONMENT = 2
    COMPARE = 3  # hidden until two snapshots were compared
    CONVERGENCE = 4
    CODE = 5
    DEPLOY = 6  # shown for sessions with deploy runs
    OPERATORS = 7  # shown for sessions with traced runs
    SCALING = 8  # shown for sessions with distributed runs


@dataclass
class Document:
    """The session the window shows: recorded live or opened from a snapshot."""

    record: SessionRecord
    summary: SummaryDocument
    path: Path | None = None


class Feedback(Protocol):
    """Telling the user: the inline message bar and the status bar."""

    def show_error(self, text: str, details: str = "", level: str = "error") -> None:
        """Show ``text`` in the message bar (``level``: error, warning or info)."""
        ...

    def hide_message(self) -> None:
        """Hide the message bar."""
        ...

    def show_status(self, text: str, timeout_ms: int = 0) -> None:
        """Show ``text`` in the status bar (for ``timeout_ms``; 0: until replaced)."""
        ...

    def clear_status(self) -> None:
        """Clear the status bar's message."""
        ...


class WindowHost(Feedback, Protocol):
    """What controllers may use of the main window (see the module docstring)."""

    #: Emitted with the new :class:`Document` (or None) whenever :meth:`set_document` runs.
    document_changed: SignalInstance

    @property
    def widget(self) -> QMainWindow:
        """The window as a Qt widget: parent of the controllers, their dialogs and threads."""
        ...

    @property
    def theme(self) -> Theme:
        """The colours now in use."""
        ...

    @property
    def settings(self) -> AppSettings:
        """What the app remembers between sessions."""
        ...

    @property
    def commands(self) -> Actions:
        """The window's commands (menus and shortcuts)."""
        ...

    @property
    def worker(self) -> SessionWorker:
        """Runs the window's sessions off the GUI thread."""
        ...

    @property
    def document(self) -> Document | None:
        """The session shown (what File ▸ Save writes), if any."""
        ...

    # --- the views controllers feed -------------------------------------------------------
    @property
    def setup(self) -> SetupPanel:
        """The run setup panel."""
        ...

    @property
    def queue(self) -> RunQueueView:
        """The run queue under the live timelines."""
        ...

    @property
    def environment(self) -> EnvironmentPanel:
        """The Environment tab."""
        ...

    @property
    def timeline(self) -> TimelineView:
        """The live timelines (built on first use)."""
        ...

    @property
    def results(self) -> ResultsView:
        """The Results tab (built on first use)."""
        ...

    @property
    def compare(self) -> CompareView:
        """The Compare tab (built on first use)."""
        ...

    # --- what the window shows ------------------------------------------------------------
    def show_document(self, document: Document, source: str) -> None:
        """Show a whole recorded session (opened or recovered) in every view and make it the
        window's document; ``source`` says where it came from (the Results tab's title)."""
        ...

    def set_document(self, document: Document | None) -> None:
        """Make ``document`` the one File ▸ Save writes (the title names it)."""
        ...

    def select_tab(self, tab: Tab, reveal: bool = False) -> None:
        """Bring ``tab`` forward; ``reveal`` first shows a tab hidden until now."""
        ...

    # --- room for the controllers' own widgets --------------------------------------------
    def add_under_queue(self, widget: QWidget) -> None:
        """Put ``widget`` below the run queue (the script console)."""
        ...

    def add_under_messages(self, widget: QWidget) -> None:
        """Put ``widget`` right under the message bar (the recovery offer)."""
        ...
