"""Parent side of deploy runs: the session's artifact folder, and whether a stage may start.

Each (framework, workload, format) gets its own folder in a temporary folder that lives as long
as the session; its stages find the artifact and the reference data there. A stage starts only
when the stage before it of the same format ended ``ok``; the export stage starts only when the
format's packages can be found (checked without importing them).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from fwprof.deploy_formats import STAGES, UNAVAILABLE_KEY, format_info, missing_package
from fwprof.results import RunResult
from fwprof.specs.deploy import DeploySpec


class DeployWorkspace:
    """The artifact folders of one session (created on :meth:`open`, removed on exit)."""

    def __init__(self) -> None:
        self._root: Path | None = None

    @contextmanager
    def open(self) -> Iterator[None]:
        """Keep a temporary folder for the session's artifacts; remove it afterwards."""
        self._root = Path(tempfile.mkdtemp(prefix="fwprof-deploy-"))
        try:
            yield
        finally:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    def place(self, spec: DeploySpec) -> DeploySpec:
        """The spec with its format's folder (and a fresh Inductor cache inside it) filled in."""
        if self._root is None:
            raise RuntimeError("the deploy workspace is not open")
        folder = self._root / "-".join(spec.format_key[:3])
        folder.mkdir(parents=True, exist_ok=True)
        return replace(spec, artifact_dir=str(folder), compile_cache_dir=str(folder / "inductor-cache"))

    def blocker(self, runs: Sequence[RunResult], run: RunResult) -> str | None:
        """Why ``run`` must not start (its format is unavailable, an earlier stage failed), or None.

        An unavailable format's reason is also kept in ``run.info['unavailable']``.
        """
        spec = run.spec
        assert isinstance(spec, DeploySpec)
        if spec.stage == STAGES[0]:
            missing = missing_package(format_info(spec.framework, spec.format))
            if missing:
                run.info[UNAVAILABLE_KEY] = missing
                return f"unavailable: {missing}"
            return None
        wanted = STAGES[STAGES.index(spec.stage) - 1]
        previous = _previous_stage(runs, run, wanted)
        if previous is None:
            return f"the {wanted} stage of this format was not run"
        if previous.status == "ok":
            return None
        reason = previous.info.get(UNAVAILABLE_KEY)
        if reason:
            run.info[UNAVAILABLE_KEY] = reason
            return f"unavailable: {reason}"
        return f"the {wanted} stage of this format {previous.status}"


def _previous_stage(runs: Sequence[RunResult], run: RunResult, wanted: str) -> RunResult | None:
    """The latest run before ``run`` of the same format at stage ``wanted``."""
    key = run.spec.format_key if isinstance(run.spec, DeploySpec) else None
    found = None
    for other in runs:
        if other is run:
            break
        spec = other.spec
        if isinstance(spec, DeploySpec) and spec.format_key == key and spec.stage == wanted:
            found = other
    return found
