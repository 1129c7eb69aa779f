"""The one list of scenarios. Adding a scenario: its folder under ``fwprof/scenarios/`` with a
``scenario.py`` plug (:class:`~fwprof.scenarios.base.Scenario`), and one line here.

The order is the order of the summary's sections and of the text report.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from fwprof.config import SessionConfig
from fwprof.launch.autosave import SessionAutosave
from fwprof.launch.interpreter import InterpreterInfo
from fwprof.launch.observer import SessionObserver
from fwprof.launch.session import MATRIX_SCENARIO, Session
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.base import Scenario
from fwprof.scenarios.compare.scenario import SCENARIO as COMPARE
from fwprof.scenarios.converge.scenario import SCENARIO as CONVERGE
from fwprof.scenarios.deploy.scenario import SCENARIO as DEPLOY
from fwprof.scenarios.distributed.scenario import SCENARIO as DISTRIBUTED
from fwprof.scenarios.profile.scenario import SCENARIO as PROFILE

SCENARIOS: tuple[Scenario, ...] = (COMPARE, PROFILE, DISTRIBUTED, DEPLOY, CONVERGE)
__all__ = ["COMPARE", "CONVERGE", "DEFAULT", "DEPLOY", "DISTRIBUTED", "PROFILE", "SCENARIOS",
           "add_scenario_arguments", "builtin_session", "lead_scenario", "runs_of", "scenario_named",
           "scenarios_in", "selected_scenario", "settings_line"]
#: The scenario whose runs are the built-in session's matrix.
DEFAULT: Scenario = COMPARE
assert DEFAULT.name == MATRIX_SCENARIO


def scenario_named(name: str) -> Scenario:
    """The scenario of that name; KeyError names the known ones."""
    for scenario in SCENARIOS:
        if scenario.name == name:
            return scenario
    raise KeyError(f"no scenario {name!r}; known: {', '.join(s.name for s in SCENARIOS)}")


def runs_of(record: SessionRecord, scenario: Scenario) -> list[RunResult]:
    """The session's runs that belong to ``scenario``, in run order."""
    return [run for run in record.runs if run.scenario == scenario.name]


def scenarios_in(summary: Mapping[str, Any]) -> list[Scenario]:
    """The scenarios that have runs in the summarized session, in registry order (a scenario's
    first summary key holds an entry per run or group of its runs: empty without runs)."""
    return [scenario for scenario in SCENARIOS if summary.get(scenario.summary_keys[0])]


def lead_scenario(present: Sequence[Scenario], record: SessionRecord) -> Scenario:
    """The scenario a report is titled after: the first of ``present`` (the scenarios with
    runs); for a session without any, the built-in one (the script profile for a record of
    scripts)."""
    if present:
        return present[0]
    return DEFAULT if isinstance(record.config, SessionConfig) else PROFILE


def settings_line(present: Sequence[Scenario], record: SessionRecord) -> str:
    """The session's settings in one line: the first that a scenario with runs describes, else
    the first any scenario does (the built-in session's, or the scripts')."""
    for scenario in (*present, *SCENARIOS):
        if (line := scenario.settings_line(record)) is not None:
            return line
    return ""


def selected_scenario(args: argparse.Namespace) -> Scenario | None:
    """The scenario ``fwprof run``'s arguments ask for in a session of its own, or None for the
    built-in session; UsageError for a bad mix."""
    return next((scenario for scenario in SCENARIOS if scenario.selected(args)), None)


def add_scenario_arguments(parser: argparse.ArgumentParser) -> None:
    """Every scenario's own options of ``fwprof run``."""
    for scenario in SCENARIOS:
        scenario.add_arguments(parser)


def builtin_session(config: SessionConfig, observers: tuple[SessionObserver, ...] = (),
                    python: str = sys.executable, autosave: SessionAutosave | None = None,
                    interpreter: InterpreterInfo | None = None) -> Session:
    """The session of the comparison matrix, with every scenario that joins it (deploy) and
    the comparison's adaptive rounds."""
    kinds = [kind for scenario in SCENARIOS if (kind := scenario.run_kind()) is not None]
    adaptive = next((a for scenario in SCENARIOS if (a := scenario.adaptive()) is not None), None)
    return Session(config, observers=observers, python=python, autosave=autosave,
                   interpreter=interpreter, kinds=kinds, adaptive=adaptive)
