"""A script run's steady state: its steps after the first step and the warm-up.

A built-in run times its first step on its own, warms up for a fixed number of steps and then
on until step times are stable (:class:`fwprof.child.warmup.StabilityDetector`), and only then
measures. A script cannot be asked to warm up, so the same rule is applied afterwards to the
steps it reported: the first step is left out, then :data:`WARMUP_STEPS` steps, then steps
until the same detector judges step times stable. At most half of the steps after the first
are counted as warm-up, so a script whose step times never settle is still measured.

On CUDA runs timed by CUDA events the GPU step times are used (the host-side ones follow
the launch queue, :mod:`fwprof.scenarios.profile.step_clock`). The steady rate is one step
over the median steady step time, as a built-in run's throughput
is its batch over its median step (robust to a stalled step, e.g. an evaluation pass between
epochs).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fwprof.child.warmup import StabilityDetector

#: Fixed warm-up steps before stability is judged (as a built-in run's quick preset).
WARMUP_STEPS = 5
#: Fewest steps after the first for a steady rate.
MIN_STEADY_STEPS = 3


@dataclass(frozen=True)
class SteadyWindow:
    """The steady steps of one run: where they start (an index into all steps) and their rate."""

    start: int
    steps: int
    warmup_steps: int
    stable: bool
    rate: float

    def to_dict(self) -> dict[str, float | int | bool]:
        return {"start": self.start, "steps": self.steps, "warmup_steps": self.warmup_steps,
                "stable": self.stable, "steps_per_s": self.rate}


def steady_window(durations: np.ndarray, skip_first: bool = True) -> SteadyWindow | None:
    """The steady window of a run's step durations (seconds); None with too few steps.
    ``skip_first=False``: the durations hold no first step (GPU times start at the second)."""
    first = 1 if skip_first else 0
    after_first = durations[first:]
    if after_first.size < MIN_STEADY_STEPS:
        return None
    warmup, stable = _warmup_steps(after_first)
    steady = after_first[warmup:]
    median = float(np.median(steady))
    if not median > 0:
        return None
    return SteadyWindow(start=first + warmup, steps=int(steady.size), warmup_steps=warmup,
                        stable=stable, rate=1.0 / median)


def _warmup_steps(durations: np.ndarray) -> tuple[int, bool]:
    """How many of these steps are warm-up, and whether step times were judged stable."""
    cap = durations.size // 2
    fixed = min(WARMUP_STEPS, cap)
    detector = StabilityDetector()
    for value in durations[:fixed]:
        detector.add(float(value))
    index = fixed
    while not detector.stable and index < cap:
        detector.add(float(durations[index]))
        index += 1
    return index, detector.stable
