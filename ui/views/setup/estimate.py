"""A rough duration for a planned session: from this machine's past runs where there are
some (:mod:`ui.base.learned_durations`), else from step rates measured on a 2-core CPU.

The built-in figures come from the project guide (MLP bs128 and CNN bs64, 2 threads); anything
not measured gets a conservative guess. The estimate is shown as "about", never as a promise.
"""

from __future__ import annotations

from collections.abc import Sequence

from fwprof.catalog import WORKLOADS
from fwprof.config import RunSpec
from fwprof.results import RunResult
from ui.base.learned_durations import LearnedDurations

#: Training steps per second at the workload's default batch size on 2 CPU threads.
STEPS_PER_S: dict[tuple[str, str, str], float] = {
    ("torch", "mlp", "eager"): 807, ("torch", "mlp", "graph"): 800,
    ("torch", "mlp", "compiled"): 650, ("tensorflow", "mlp", "eager"): 116,
    ("tensorflow", "mlp", "graph"): 512, ("tensorflow", "mlp", "compiled"): 668,
    ("torch", "cnn", "eager"): 38, ("torch", "cnn", "graph"): 40,
    ("torch", "cnn", "compiled"): 45, ("tensorflow", "cnn", "eager"): 23,
    ("tensorflow", "cnn", "graph"): 74, ("tensorflow", "cnn", "compiled"): 28,
}
UNKNOWN_STEPS_PER_S = 15.0
#: Process start, framework import and model build, per framework (seconds; mlp runs on the
#: 2-core VM, 2026-12-03: torch 0.7 + 0.7 s, TensorFlow 2.5 + 0.1 s, plus the process start).
STARTUP_S: dict[str, float] = {"torch": 2.0, "tensorflow": 3.0}
#: First-step tracing or compilation (seconds).
FIRST_STEP_S: dict[tuple[str, str], float] = {
    ("torch", "compiled"): 15.0, ("tensorflow", "compiled"): 3.0,
    ("torch", "graph"): 1.0, ("tensorflow", "graph"): 1.5,
}
INFER_SPEEDUP = 3.0
GPU_SPEEDUP = 10.0
REFERENCE_THREADS = 2


def run_seconds(spec: RunSpec, learned: LearnedDurations | None = None) -> float:
    """Rough wall time of one run: as such runs took here before, else from the rates."""
    measured = learned.measured(spec) if learned is not None else None
    if measured is not None:
        return measured.run_seconds(spec)
    rate = STEPS_PER_S.get((spec.framework, spec.workload, spec.mode), UNKNOWN_STEPS_PER_S)
    default_batch = WORKLOADS[spec.workload].default_batch_size
    rate *= default_batch / max(spec.batch_size or default_batch, 1)
    rate *= min(max(spec.threads, 1), 8) / REFERENCE_THREADS if spec.threads else 1.0
    if spec.task == "infer":
        rate *= INFER_SPEEDUP
    if spec.device == "cuda":
        rate *= GPU_SPEEDUP
    overhead = STARTUP_S.get(spec.framework, 5.0) + FIRST_STEP_S.get((spec.framework, spec.mode), 0.3)
    # Measuring lasts at least min_time_s (the plan sets it long enough for 10 samples).
    return overhead + spec.warmup / rate + max(spec.steps / rate, spec.min_time_s)


def session_seconds(specs: Sequence[RunSpec], learned: LearnedDurations | None = None) -> float:
    """Rough wall time of every run in turn."""
    return sum(run_seconds(spec, learned) for spec in specs)


def seconds_left(runs: Sequence[RunResult], now: float,
                 learned: LearnedDurations | None = None) -> float:
    """Rough time until the planned runs have ended: each pending run's estimate, plus what
    the running one has left of its own (scripts and other specs are not estimated)."""
    left = 0.0
    for run in runs:
        if not isinstance(run.spec, RunSpec):
            continue
        if run.status == "pending":
            left += run_seconds(run.spec, learned)
        elif run.status == "running" and run.started_at is not None:
            left += max(0.0, run_seconds(run.spec, learned) - (now - run.started_at))
    return left


def format_duration(seconds: float) -> str:
    """'about 40 s', 'about 3 min', 'about 1 h 20 min'."""
    if seconds < 90:
        return f"about {max(5, round(seconds / 5) * 5):.0f} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"about {minutes} min"
    return f"about {minutes // 60} h {minutes % 60:02d} min"
