"""Extension points of a built-in session, filled by the scenarios that run in it.

A built-in session (:class:`fwprof.launch.session.Session`) runs the comparison matrix. A
scenario whose runs share that session (deploy: ``--task train,deploy``) plugs in a
:class:`RunKind`; the comparison plugs in an :class:`AdaptivePlanner` that adds pairs while
the verdict is undecided. The registry chooses them (:func:`fwprof.scenarios.registry.builtin_session`).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from fwprof.config import RunSpec, SessionConfig
from fwprof.results import RunResult


class RunKind(Protocol):
    """How one scenario plans and starts its own runs inside a built-in session."""

    #: The scenario its runs belong to (recorded as ``run.scenario``).
    scenario: str
    #: The module its children run (``python -m``).
    child_module: str

    def plan(self, config: SessionConfig) -> list[RunSpec]:
        """Its runs, in run order, after the comparison matrix (none if not asked for)."""

    def owns(self, spec: RunSpec) -> bool:
        """Whether ``spec`` is one of its runs."""

    def open(self) -> AbstractContextManager[Any]:
        """Whatever its runs need for the session's lifetime (a workspace)."""

    def prepare(self, runs: Sequence[RunResult], run: RunResult) -> str | None:
        """Why ``run`` must be skipped, or None once its spec is ready to start."""


class AdaptivePlanner(Protocol):
    """Adds rounds of fresh processes to the matrix while comparisons stay undecided."""

    def next_round(self, runs: list[RunResult], stopping: bool = False) -> list[RunSpec]:
        """The specs of one more round (none: the session is done)."""

    def notes(self) -> dict[str, Any]:
        """What it decided so far, for the snapshot (``record.adaptive``)."""


class AdaptivePlannerFactory(Protocol):
    def __call__(self, config: SessionConfig, cores: int | None) -> AdaptivePlanner: ...
