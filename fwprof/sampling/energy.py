"""GPU energy of a run: joules per sample interval, cumulative joules, and the run total.

Every tick, power samples are integrated with the trapezoid rule between consecutive valid
samples: ``interval_j`` and the cumulative ``total_j`` start at 0 J at the first valid power
reading; a tick without one has NaN values and the next good tick covers the gap.

Where the device has an energy counter (``nvmlDeviceGetTotalEnergyConsumption``, Volta and
newer) it is read only at the first tick and when sampling stops, because one read cost 3.8 ms
on an H100 VM (a power read 37 µs): the run total (:attr:`EnergyMeter.run_j`) is then the
counter delta, and the trapezoid total otherwise. Prefer the counter: on an H100 it advanced
every 100 ms in step with the draw (675 W), while ``nvmlDeviceGetPowerUsage`` is averaged
over about a second, so integrated power lags load changes (a 0.5 s burst from idle: 62 J
integrated against 212 J counted).
"""

from __future__ import annotations

import math

from fwprof.sampling.metrics import NA


class EnergyMeter:
    """Accumulates one device's energy; see the module docstring."""

    def __init__(self) -> None:
        self._last_power: tuple[float, float] | None = None
        self._total_j = 0.0
        self._first_mj = NA
        self._last_mj = NA

    def add_power(self, t: float, power_w: float) -> tuple[float, float]:
        """``(interval_j, total_j)`` after a power sample at ``t`` seconds (NaN when unknown)."""
        if math.isnan(power_w):
            return NA, NA
        last, self._last_power = self._last_power, (t, power_w)
        if last is None:
            return NA, 0.0
        interval_j = 0.5 * (last[1] + power_w) * (t - last[0])
        self._total_j += interval_j
        return interval_j, self._total_j

    def add_counter(self, counter_mj: float) -> None:
        """Record an energy-counter reading (mJ): the first is the start, the latest the end."""
        if math.isnan(self._first_mj):
            self._first_mj = counter_mj
        else:
            self._last_mj = counter_mj

    @property
    def method(self) -> str | None:
        """How :attr:`run_j` is measured: "counter", "trapezoid" or None (nothing yet)."""
        if not math.isnan(self._last_mj - self._first_mj):
            return "counter"
        return "trapezoid" if self._last_power is not None else None

    @property
    def run_j(self) -> float:
        """Energy of the run so far: the counter delta where read twice, else the trapezoid sum."""
        method = self.method
        if method == "counter":
            return (self._last_mj - self._first_mj) / 1000.0
        return self._total_j if method == "trapezoid" else NA
