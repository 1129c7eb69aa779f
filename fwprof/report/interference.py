"""Other processes' load during a run's measure phase, and when it counts as interference.

With every core taken, OpenMP threads spin-wait for each other: on the 2-core VM one busy
process slowed PyTorch (2 threads) from 80k to 910 samples/s while TensorFlow lost 12 %, enough
to flip a verdict; with one thread, the busy process on the other core changed neither by more
than 1 % (docs/evidence/threads-default-2core.json). So a run counts as interfered with when
other processes kept at least :data:`MIN_OTHER_CORES` busy during its measure phase and either
competed for the cores its own threads need (its threads plus that load exceed the cores) or
took more than ``share`` of the whole machine.
"""

from __future__ import annotations

from dataclasses import dataclass

from fwprof.report.windows import measure_resources
from fwprof.results import RunResult

#: Less than half a core of other work (fwprof's own sampler, daemons) never counts.
MIN_OTHER_CORES = 0.5
#: The share of the machine's cores other processes may use, even on cores the run left free,
#: before its runs are marked (memory bandwidth and caches are shared too).
DEFAULT_SHARE = 0.75
#: Slack when adding a run's threads and the other load up against the cores.
CORE_SLACK = 0.25


@dataclass(frozen=True)
class OtherLoad:
    """Cores other processes used during the measure phase, and whether that interferes."""

    cores: float
    interfered: bool


def other_load(run: RunResult, cores: int | None) -> float | None:
    """Cores kept busy by other processes during the run's measure phase (the whole machine's
    CPU minus the run's own), or None when not measured."""
    window = measure_resources(run)
    system, own = window.get("sys_cpu_percent_mean"), window.get("cpu_percent_mean")
    if cores is None or not isinstance(system, float) or not isinstance(own, float):
        return None
    return max(0.0, system / 100.0 * cores - own / 100.0)


def interference(run: RunResult, cores: int | None, share: float = DEFAULT_SHARE) -> OtherLoad | None:
    """The other load of a built-in run and whether it interfered (None when not measured)."""
    load = other_load(run, cores)
    if load is None or cores is None:
        return None
    # A GPU run's host side is one thread launching kernels.
    threads = run.run_spec.threads if run.run_spec.device == "cpu" else 1
    competing = threads + load > cores + CORE_SLACK
    return OtherLoad(load, load >= MIN_OTHER_CORES and (load > share * cores or competing))
