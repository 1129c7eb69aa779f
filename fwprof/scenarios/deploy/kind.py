"""Deploy runs inside the built-in session: planned after the matrix, one workspace per session."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from fwprof.config import RunSpec, SessionConfig
from fwprof.results import RunResult
from fwprof.scenarios.deploy.plan import plan_deploy_runs
from fwprof.scenarios.deploy.workspace import DeployWorkspace
from fwprof.specs.deploy import DeploySpec


class DeployRuns:
    """The :class:`~fwprof.launch.run_kind.RunKind` of deploy stages."""

    scenario = "deploy"
    child_module = "fwprof.scenarios.deploy.child"

    def __init__(self) -> None:
        self._workspace = DeployWorkspace()

    def plan(self, config: SessionConfig) -> list[RunSpec]:
        return list(plan_deploy_runs(config))

    def owns(self, spec: RunSpec) -> bool:
        return isinstance(spec, DeploySpec)

    def open(self) -> AbstractContextManager[Any]:
        return self._workspace.open()

    def prepare(self, runs: Sequence[RunResult], run: RunResult) -> str | None:
        """Skipped if its format cannot run or an earlier stage did not succeed; else placed
        in its format's folder."""
        blocker = self._workspace.blocker(runs, run)
        if blocker:
            return blocker
        spec = run.spec
        assert isinstance(spec, DeploySpec)
        run.spec = self._workspace.place(spec)
        return None
