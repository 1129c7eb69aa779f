"""Other processes' load during a run's measure phase, and when it counts as interference.

With every core taken, OpenMP threads spin-wait for each other and one busy process elsewhere
slowed PyTorch eager 4-20x on the 2-core VM while TensorFlow lost ~20 %: such a run says more
about the machine than about the framework. A run counts as interfered with when other
processes kept at least :data:`MIN_OTHER_CORES` busy during its measure phase and either took
more than ``share`` of the machine's cores or competed for the cores the run's own threads use.
"""

from __future__ import annotations

from dataclasses import dataclass

from fwprof.report.windows import measure_resources
from fwprof.results import RunResult

#: Less than half a core of other work (fwprof's own sampler, daemons) never counts.
MIN_OTHER_CORES = 0.5
#: The default share of the machine's cores other processes may use before a run is marked.
DEFAULT_SHARE = 0.10
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
    threads = run.run_spec.threads if run.run_spec.device == "cpu" else 0
    competing = threads + load > cores + CORE_SLACK
    return OtherLoad(load, load >= MIN_OTHER_CORES and (load > share * cores or competing))
