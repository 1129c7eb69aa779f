"""How the window shows each scenario of :data:`fwprof.scenarios.registry.SCENARIOS`.

One entry per core scenario name: the tab its part of a summary shows in and, for a scenario
with a tab of its own, the view that tab holds (built on first use, see :mod:`ui.app.tab_views`).
The window builds those tabs and, whenever the Results tab shows a summary, loops over this
list: a scenario's tab follows whether the session has runs of it, and a session whose leading
scenario has a tab of its own opens on that tab. Adding a scenario to the core: add its entry
here (``tests/ui/test_ui_scenario_views.py`` checks that every core scenario has one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ui.app import tab_views
from ui.base.theme import Theme
from ui.controllers.host import Tab

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument


@dataclass(frozen=True)
class ScenarioView:
    """Where one scenario's summary shows."""

    #: The core scenario's name (``Scenario.name``).
    scenario: str
    #: Its tab: the Results tab (which shows the comparison and the scripts) or one of its own.
    tab: Tab
    #: Its own tab's title and view (None: the Results tab shows it).
    title: str = ""
    make: Callable[[Theme], QWidget] | None = None
    #: Whether its own tab hides for sessions without its runs (the Convergence tab stays, to
    #: say how to run the study).
    hidden_when_absent: bool = True


SCENARIO_VIEWS: tuple[ScenarioView, ...] = (
    ScenarioView("compare", Tab.RESULTS),
    ScenarioView("profile", Tab.RESULTS),
    ScenarioView("distributed", Tab.SCALING, "Scaling", tab_views.scaling),
    ScenarioView("deploy", Tab.DEPLOY, "Deploy", tab_views.deploy),
    ScenarioView("converge", Tab.CONVERGENCE, "Convergence", tab_views.convergence,
                 hidden_when_absent=False),
)

#: The scenarios with a tab of their own, by tab.
OWN_TABS: dict[Tab, ScenarioView] = {view.tab: view for view in SCENARIO_VIEWS if view.make is not None}


def view_of(scenario: str) -> ScenarioView:
    """The entry of a core scenario; KeyError for one without a view."""
    for view in SCENARIO_VIEWS:
        if view.scenario == scenario:
            return view
    raise KeyError(f"no view for scenario {scenario!r}")


def scenarios_in(summary: SummaryDocument | None) -> list[str]:
    """The names of the scenarios with runs in ``summary``, in the core registry's order."""
    return [] if summary is None else [scenario.name for scenario in summary.present()]


def opening_tab(present: list[str]) -> Tab:
    """The tab a session opens on: its leading scenario's (the Results tab when none ran)."""
    return view_of(present[0]).tab if present else Tab.RESULTS
