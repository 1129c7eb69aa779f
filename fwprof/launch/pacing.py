"""How fast a run is sampled while it is measured.

A CPU run whose threads fill every core is disturbed by anything else that wakes up on the
machine, fwprof's sampler included: each tick takes a core from one of the run's OpenMP
threads, and the others wait for it at the next barrier. On a 16-core H100 host, a torch MLP
with 16 threads measured 0.70x its bare-loop throughput with fwprof sampling at 10 Hz and
1.00x at 1 Hz while measured (8 interleaved reps, docs/evidence/h100-pacing-ab.txt; with 15
threads, 10 Hz cost nothing measurable).
So while such a run is measured fwprof samples at ``busy_measure_rate_hz`` (1 Hz unless set),
and at the session's rate in every other phase; the run's ``info`` records the rate used.
"""

from __future__ import annotations

from fwprof.config import RunSpec, SessionConfig, available_cores

MEASURE_PHASE = "measure"


def fills_every_core(spec: RunSpec) -> bool:
    """True for a CPU run with at least one thread per core this process may use."""
    return spec.device == "cpu" and spec.threads >= available_cores()


def measure_rate_hz(spec: RunSpec, config: SessionConfig) -> float | None:
    """The rate to sample at while ``spec`` is measured; None: the session's rate."""
    rate = config.busy_measure_rate_hz
    if rate <= 0 or rate >= config.sample_rate_hz or not fills_every_core(spec):
        return None
    return rate


#: A measure phase lasts long enough for this many resource samples.
MIN_MEASURE_SAMPLES = 10


def measure_time_floor_s(spec: RunSpec, config: SessionConfig) -> float:
    """Seconds a measure phase needs for :data:`MIN_MEASURE_SAMPLES` samples at the rate it is
    sampled at (one period more, so a phase that starts just after a tick still gets them)."""
    rate = measure_rate_hz(spec, config) or config.sample_rate_hz
    return (MIN_MEASURE_SAMPLES + 1) / rate
