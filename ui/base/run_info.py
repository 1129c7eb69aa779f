"""What the views need of a run, for built-in runs and for script runs (``fwprof profile``)."""

from __future__ import annotations

from fwprof.config import RunSpec
from fwprof.results import RunResult

#: The "framework" of a script run: drawn in its own neutral colour.
SCRIPT = "script"
#: Script runs are keyed per script (``script:train.py``), so each gets its own colour.
SCRIPT_PREFIX = "script:"
#: Throughput units: built-in runs know their batch size, scripts only count steps.
SAMPLES_PER_S = "samples/s"
STEPS_PER_S = "steps/s"


def framework_of(run: RunResult) -> str:
    """``torch`` or ``tensorflow`` for a built-in run, ``script:<label>`` for a script run."""
    return run.spec.framework if isinstance(run.spec, RunSpec) else script_key(run.spec.label)


def script_key(label: str) -> str:
    """The per-run key (colour, curves, legend) of the script called ``label``."""
    return f"{SCRIPT_PREFIX}{label}"


def is_script_key(key: str) -> bool:
    """True for the key of a script run (see :func:`script_key`)."""
    return key == SCRIPT or key.startswith(SCRIPT_PREFIX)


def key_label(key: str) -> str:
    """What a legend calls the key: the script's name, or the key itself."""
    return key.removeprefix(SCRIPT_PREFIX)


def throughput_unit(key: str) -> str:
    """``steps/s`` for a script run's throughput curve, ``samples/s`` otherwise."""
    return STEPS_PER_S if is_script_key(key) else SAMPLES_PER_S


def batch_size_of(run: RunResult) -> int:
    """Samples per step (0 when unknown, as for scripts: no samples/s then)."""
    return run.spec.batch_size if isinstance(run.spec, RunSpec) else 0


def planned_steps(run: RunResult) -> int:
    """Measured steps planned (0 when unknown)."""
    return run.spec.steps if isinstance(run.spec, RunSpec) else 0
