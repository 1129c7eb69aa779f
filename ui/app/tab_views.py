"""The window's tab contents, imported and built only when first needed (see LazyPane).

Each factory imports its view on call: pyqtgraph and the scenario views stay out of the
window's start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QTabWidget, QWidget

from ui.base.theme import Theme
from ui.widgets.lazy import LazyPane

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument
    from ui.views.results.results_view import ResultsView


def timeline(buffer: Any, theme: Theme) -> QWidget:
    """The live timelines, drained from the session worker's ``buffer``."""
    from ui.views.timeline.timeline_view import TimelineView

    return TimelineView(buffer, theme)


def results(theme: Theme) -> ResultsView:
    """The Results tab."""
    from ui.views.results.results_view import ResultsView

    return ResultsView(theme)


def compare(theme: Theme) -> QWidget:
    """The Compare tab: two snapshots side by side."""
    from ui.views.diff.compare_view import CompareView

    return CompareView(theme)


def convergence(theme: Theme) -> QWidget:
    """The Convergence tab."""
    from ui.views.converge.convergence_view import ConvergenceView

    return ConvergenceView(theme)


def code(theme: Theme) -> QWidget:
    """The Code tab."""
    from ui.views.code.code_view import CodeView

    return CodeView(theme)


def deploy(theme: Theme) -> QWidget:
    """The Deploy tab."""
    from ui.views.deploy.deploy_view import DeployView

    return DeployView(theme)


def scaling(theme: Theme) -> QWidget:
    """The Scaling tab."""
    from ui.views.distributed.scaling_view import ScalingView

    return ScalingView(theme)


def operators(theme: Theme) -> QWidget:
    """The Operators tab."""
    from ui.views.profile.operators_view import OperatorsView

    return OperatorsView(theme)


def follow_summary(tabs: QTabWidget, pane: LazyPane, shown: bool,
                   summary: SummaryDocument | None) -> None:
    """A tab shown only for some sessions: visible when ``shown``; its view (built when first
    needed) shows ``summary``."""
    tabs.setTabVisible(tabs.indexOf(pane), shown)
    if shown or pane.content is not None:
        view: Any = pane.ensure()
        view.show_summary(summary)
