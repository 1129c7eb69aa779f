"""What the views need of a run, for built-in runs and for script runs (``fwprof profile``)."""

from __future__ import annotations

from fwprof.config import RunSpec
from fwprof.results import RunResult

#: The "framework" of a script run: drawn in its own neutral colour.
SCRIPT = "script"


def framework_of(run: RunResult) -> str:
    """``torch`` or ``tensorflow`` for a built-in run, ``script`` for a script run."""
    return run.spec.framework if isinstance(run.spec, RunSpec) else SCRIPT


def batch_size_of(run: RunResult) -> int:
    """Samples per step (0 when unknown, as for scripts: no samples/s then)."""
    return run.spec.batch_size if isinstance(run.spec, RunSpec) else 0


def planned_steps(run: RunResult) -> int:
    """Measured steps planned (0 when unknown)."""
    return run.spec.steps if isinstance(run.spec, RunSpec) else 0
