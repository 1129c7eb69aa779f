"""Warm-up: a fixed number of steps, then (if asked) on until step times are stable, capped.

Stability is judged on consecutive windows of steps: a window closes once it holds at least
``min_steps`` steps *and* ``min_seconds`` of step time, so 0.1 ms steps are judged on a
hundred milliseconds of data, not on five steps' half a millisecond, while steps of a second
still need only five. Step times are stable when the medians of the last two windows differ by
at most ``tolerance`` (medians, so one slow step does not hold warm-up back).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fwprof.child.backend import StepFn
from fwprof.protocol import now

#: Largest relative change between two window medians still judged stable.
TOLERANCE = 0.05
#: Fewest steps in a window.
WINDOW_STEPS = 5
#: Least step time in a window, in seconds.
WINDOW_S = 0.1


class StabilityDetector:
    """Fed one step duration at a time; says whether step times have settled."""

    def __init__(self, tolerance: float = TOLERANCE, min_steps: int = WINDOW_STEPS,
                 min_seconds: float = WINDOW_S) -> None:
        self._tolerance = tolerance
        self._min_steps = min_steps
        self._min_seconds = min_seconds
        self._window: list[float] = []
        self._window_s = 0.0
        self._previous_median: float | None = None
        #: Relative change between the medians of the last two windows (None: fewer than two).
        self.change: float | None = None

    @property
    def stable(self) -> bool:
        """The last two windows' medians differ by at most the tolerance."""
        return self.change is not None and self.change <= self._tolerance

    def add(self, duration: float) -> bool:
        """Count one step's duration (seconds); returns :attr:`stable`."""
        self._window.append(duration)
        self._window_s += duration
        if len(self._window) >= self._min_steps and self._window_s >= self._min_seconds:
            self._close_window()
        return self.stable

    def _close_window(self) -> None:
        median = statistics.median(self._window)
        if self._previous_median is not None:
            self.change = abs(median - self._previous_median) / max(self._previous_median, 1e-12)
        self._previous_median = median
        self._window, self._window_s = [], 0.0


@dataclass(frozen=True)
class WarmupReport:
    """What the warm-up did; ``stable`` and ``change`` are None when stability was not sought."""

    steps: int
    seconds: float
    stable: bool | None
    change: float | None
    cap_s: float

    def to_info(self) -> dict[str, Any]:
        """As the child reports it: ``info={"warmup": report.to_info()}``."""
        return {"steps": self.steps, "seconds": self.seconds, "stable": self.stable,
                "change": self.change, "cap_s": self.cap_s}


def warm_up(step: StepFn, fixed_steps: int, max_s: float,
            clock: Callable[[], float] = now) -> WarmupReport:
    """Run ``fixed_steps`` steps; then, when ``max_s`` > 0, step on until step times are stable
    (the fixed steps count towards the judgement) or ``max_s`` seconds have passed since the
    fixed steps ended."""
    began = clock()
    if max_s <= 0:
        for _ in range(fixed_steps):
            step()
        return WarmupReport(fixed_steps, clock() - began, None, None, max_s)
    detector = StabilityDetector()
    for _ in range(fixed_steps):
        detector.add(_timed(step, clock))
    steps, deadline = fixed_steps, clock() + max_s
    while not detector.stable and clock() < deadline:
        detector.add(_timed(step, clock))
        steps += 1
    return WarmupReport(steps, clock() - began, detector.stable, detector.change, max_s)


def _timed(step: StepFn, clock: Callable[[], float]) -> float:
    start = clock()
    step()
    return clock() - start
