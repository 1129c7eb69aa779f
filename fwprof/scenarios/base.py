"""What a scenario is: the one shape every scenario plugs into the registry with.

A scenario names itself (every run records that name), reads its options from ``fwprof run``'s
arguments on top of the shared ones, makes the session that runs it, adds its section to the
summary document and renders that section as text, HTML and Markdown. The CLI, the summary,
the text report, the HTML and Markdown exports and the app loop over
:data:`fwprof.scenarios.registry.SCENARIOS` instead of knowing scenarios.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from fwprof.config import SessionConfig
from fwprof.launch.autosave import SessionAutosave
from fwprof.launch.interpreter import InterpreterInfo
from fwprof.launch.observer import SessionObserver
from fwprof.launch.run_kind import AdaptivePlannerFactory, RunKind
from fwprof.results import RunResult, SessionRecord

#: Builds the shared :class:`SessionConfig` from ``fwprof run``'s arguments, with some of them
#: replaced (e.g. ``{"task": "train", "mode": "eager"}``); UsageError names a bad value.
BaseConfig = Callable[[argparse.Namespace, dict[str, Any]], SessionConfig]


class RunnableSession(Protocol):
    """What every scenario's session offers: run to the end, stop from any thread."""

    autosave: SessionAutosave | None
    #: Its runs as planned when it is made, filled in as they run.
    record: SessionRecord

    def run(self) -> SessionRecord: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class Launch:
    """Where a session will run its children: the interpreter and, for another one, its probe."""

    python: str
    interpreter: InterpreterInfo | None = None


#: Makes the session, given the observers and the autosave the caller keeps.
SessionFactory = Callable[[tuple[SessionObserver, ...], "SessionAutosave | None"], RunnableSession]


@dataclass(frozen=True)
class PlannedSession:
    """A scenario's answer to ``fwprof run``: the validated config, how to make its session,
    and the progress observers it prints with."""

    config: Any
    make_session: SessionFactory
    observers: tuple[SessionObserver, ...] = ()


class SummarySection(Protocol):
    """A scenario's typed section of the summary document; JSON only at the edge."""

    def has_runs(self) -> bool:
        """Whether the session had runs of the scenario (its first key holds an entry each)."""

    def to_json(self) -> dict[str, Any]:
        """Its keys of the ``fwprof.summary/1`` document (:attr:`Scenario.summary_keys`)."""


class Scenario(Protocol):
    """One scenario: its name, options, session, summary section, text, HTML and Markdown."""

    #: Recorded on every run of the scenario (``run.scenario``).
    name: str
    #: A short title for headings and menus.
    title: str
    #: Its keys in the ``fwprof.summary/1`` document.
    summary_keys: tuple[str, ...]
    #: Whether the session notes (start-up cost, recommendations, operators) follow its text.
    with_session_notes: bool
    #: Whether its children may run on another interpreter (``fwprof run --python``).
    runs_other_interpreters: bool
    #: The HTML report's title when it leads the session ("TensorFlow vs PyTorch on this machine").
    headline: str
    #: How the report's timelines are keyed when it leads: ``"frameworks"`` (lines coloured by
    #: framework) or ``"scripts"``.
    timeline_legend: str
    #: Whether the report shows the phase durations chart and the development effort after it.
    with_phases: bool

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Its options of ``fwprof run`` (an argument group; none for a scenario of its own command)."""

    def selected(self, args: argparse.Namespace) -> bool:
        """Whether ``fwprof run``'s arguments ask for this scenario in a session of its own
        (UsageError for a bad mix). When none is, the built-in session runs: the comparison
        matrix plus the :meth:`run_kind` of every scenario that has one."""

    def plan(self, args: argparse.Namespace, base: BaseConfig, launch: Launch) -> PlannedSession:
        """The config and session of a scenario with a session of its own; UsageError names a
        bad value (NotImplementedError for a scenario of the built-in session)."""

    def run_kind(self) -> RunKind | None:
        """How its runs join the built-in session (deploy), or None."""

    def adaptive(self) -> AdaptivePlannerFactory | None:
        """What adds rounds to the built-in session's matrix (the comparison), or None."""

    def summarize(self, record: SessionRecord, runs: list[RunResult]) -> SummarySection:
        """Its section of the summary, built once from its runs (a value for each of
        :attr:`summary_keys` when turned into JSON)."""

    def text(self, section: Any) -> list[str]:
        """Its section of the text report (no lines when it has nothing to show)."""

    def html(self, section: Any, record: SessionRecord) -> list[str]:
        """Its sections of the HTML report, each a ``<section>...</section>`` string with every
        session string escaped (none when it has nothing to show)."""

    def markdown(self, section: Any) -> list[str]:
        """Its lines of the Markdown export, text escaped for Markdown (none when it has nothing)."""

    def settings_line(self, record: SessionRecord) -> str | None:
        """What its runs were asked to do, in one line under the report's title (plain text,
        escaped by the caller); None when ``record`` holds no settings of this scenario."""


class ScenarioDefaults:
    """The answers most scenarios share: a plug subclasses it and defines what differs."""

    name: str
    with_session_notes: bool = False
    runs_other_interpreters: bool = True
    timeline_legend: str = "frameworks"
    with_phases: bool = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """No options of its own in ``fwprof run``."""

    def selected(self, args: argparse.Namespace) -> bool:
        return False  # it runs in the built-in session, or from a command of its own

    def plan(self, args: argparse.Namespace, base: BaseConfig, launch: Launch) -> PlannedSession:
        raise NotImplementedError(f"the {self.name} scenario has no session of its own in `fwprof run`")

    def run_kind(self) -> RunKind | None:
        return None

    def adaptive(self) -> AdaptivePlannerFactory | None:
        return None

    def settings_line(self, record: SessionRecord) -> str | None:
        return None
