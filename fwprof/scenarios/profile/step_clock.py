"""Which clock a script run's step times come from, and the GPU step times where there are some.

- ``cuda-events``: a PyTorch run on CUDA whose optimizer steps were timed by CUDA events
  (:mod:`fwprof.scenarios.profile.cuda_steps`): its GPU step times are reported next to the
  host-side ones, and a script comparison uses them.
- ``host-side``: the run used a GPU (its processes held GPU memory, or CUDA timing started) but
  has no GPU step times (TensorFlow, ``fwprof.step()``, backward passes as steps, or timing
  turned off): its step times are when the host returned, which on a GPU can be the launch
  queue's rhythm rather than the GPU's. Throughput over time is exact either way.
- ``host``: a CPU run; nothing is said.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from fwprof.results import RunResult
from fwprof.scenarios.profile.section import GpuStepTimes, ScriptRow, StepClock
from fwprof.stats.steps import step_stats

CUDA_EVENTS, HOST_SIDE, HOST = "cuda-events", "host-side", "host"
#: The event that carries GPU step durations (see cuda_steps.GPU_STEPS; not imported: child side).
GPU_STEPS = "gpu_steps"


def gpu_step_durations(run: RunResult) -> np.ndarray:
    """GPU step times (seconds) the run sent, oldest first; empty when none (or when its steps
    were not the optimizer steps the times belong to)."""
    if run.info.get("step_source") == "manual":
        return np.empty(0)
    blocks = [e.get("dur") for e in run.events if e.get("k") == GPU_STEPS]
    values = [float(v) for block in blocks if isinstance(block, list) for v in block
              if isinstance(v, (int, float))]
    return np.asarray(values, dtype=float)


def step_clock(run: RunResult, gpu_durations: np.ndarray | None = None) -> str:
    """``cuda-events``, ``host-side`` or ``host`` (see the module docstring)."""
    durations = gpu_step_durations(run) if gpu_durations is None else gpu_durations
    if durations.size:
        return CUDA_EVENTS
    gpu = (run.resources or {}).get("gpu") or {}
    held = gpu.get("proc_mem_bytes_peak") if isinstance(gpu, dict) else None
    used_gpu = isinstance(held, (int, float)) and held > 0
    return HOST_SIDE if used_gpu or run.info.get("step_times") == CUDA_EVENTS else HOST


def step_times(run: RunResult) -> StepClock:
    """The summary's ``step_times``: the clock and, on ``cuda-events``, GPU step percentiles."""
    durations = gpu_step_durations(run)
    clock = step_clock(run, durations)
    stats = step_stats(durations)
    gpu_ms = None if stats is None else GpuStepTimes(stats.p50_ms, stats.p90_ms, stats.p99_ms,
                                                     stats.mean_ms, stats.count)
    return StepClock(clock, gpu_ms)


def step_times_text(times: StepClock) -> str | None:
    """The text report's words for a run's ``step_times`` (None for a CPU run)."""
    gpu = times.gpu_step_ms
    if times.clock == CUDA_EVENTS and gpu is not None:
        return (f"GPU step p50 {gpu.p50:.3g} ms, p99 {gpu.p99:.3g} ms "
                f"(CUDA events, {gpu.count} steps; other step times are host-side)")
    if times.clock == HOST_SIDE:
        return "step times host-side (when the host returned, not the GPU)"
    return None


def rate_durations(run: RunResult) -> tuple[np.ndarray, bool]:
    """The step durations a rate is taken from, and whether they include the first step: GPU
    times where there are some (they start at the second step), else the host-side ones."""
    gpu = gpu_step_durations(run)
    return (gpu, False) if gpu.size else (run.step_durations, True)


def step_clock_note(scripts: Sequence[ScriptRow]) -> str:
    """A line under a scripts table whose step times are host-side: each GPU run's clock and
    GPU step times ("" when every run is a CPU run)."""
    notes = [f"{script.run_id}: {text}" for script in scripts
             if (text := step_times_text(script.step_times)) is not None]
    if not notes:
        return ""
    return "Step times in the table are host-side (when the step returned on the host); " + "; ".join(notes)
