"""What the GPU's SMs did, beyond "busy": NVML GPU Performance Monitoring (GPM).

NVML's utilization ("GPU busy %") reads 100 % while a single small kernel stream runs. GPM
(Hopper and newer; ``nvmlGpmQueryDeviceSupport``) counts what the SMs did between two samples
(``nvmlGpmSampleGet``), turned into percentages by ``nvmlGpmMetricsGet``. Per device
``gpu{i}_``:

- ``sm_active_percent``: share of SMs busy (``NVML_GPM_METRIC_SM_UTIL``);
- ``sm_occupancy_percent``: active warps over the theoretical maximum (``SM_OCCUPANCY``);
- ``tensor_active_percent``: share of time SMs ran any tensor-core op (``ANY_TENSOR_UTIL``);
- ``dram_bw_percent``: DRAM bandwidth used over its maximum (``DRAM_BW_UTIL``).

A reading covers the interval since the previous one, taken every ``interval_s`` (0.5 s by
default: NVML needs samples at least 100 ms apart to compute them, and each is a driver round
trip). Where GPM is missing (older GPUs, an old driver or pynvml, MIG) every metric is marked
unavailable with the reason, once, and never polled again.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

from fwprof.sampling.metrics import NA, MarkUnavailable

#: GPM metric ids (pynvml ``NVML_GPM_METRIC_*``) by the suffix of fwprof's metric names.
GPM_METRICS: dict[str, int] = {
    "sm_active_percent": 2,
    "sm_occupancy_percent": 3,
    "tensor_active_percent": 5,
    "dram_bw_percent": 10,
}
#: Seconds between two GPM samples (NVML needs at least 0.1 s).
GPM_INTERVAL_S = 0.5
_SUCCESS = 0
_NOT_SUPPORTED = 3
_FUNCTION_NOT_FOUND = 13


class GpmReader:
    """One device's GPM: two samples in turn, the metrics of the interval between them."""

    def __init__(self, nvml: Any, handle: Any, prefix: str, mark: MarkUnavailable,
                 interval_s: float = GPM_INTERVAL_S) -> None:
        self.nvml = nvml
        self.handle = handle
        self.prefix = prefix
        self._mark = mark
        self._interval_s = interval_s
        self._next_t = -math.inf
        self._samples: list[Any] = []
        self._have_first = False
        self.reason: str | None = None
        self.reason = self._start()
        if self.reason:
            self._mark_all(self.reason)

    def sample(self, t: float) -> dict[str, float]:
        """The metrics of the interval just ended, when one is due ({} between readings)."""
        if self.reason or t < self._next_t:
            return {}
        self._next_t = t + self._interval_s
        try:
            return self._read()
        except self.nvml.NVMLError as exc:
            self._failed(f"NVML: {exc}", getattr(exc, "value", None))
        except (AttributeError, TypeError) as exc:  # a pynvml without GPM's functions
            self._failed(f"pynvml: {exc}", _FUNCTION_NOT_FOUND)
        return self._unmeasured()

    def close(self) -> None:
        """Free the samples (idempotent; NVML errors at the end are of no use to anyone)."""
        for sample in self._samples:
            with contextlib.suppress(Exception):
                self.nvml.nvmlGpmSampleFree(sample)
        self._samples = []
        self.reason = self.reason or "GPM sampling has ended"

    def _start(self) -> str | None:
        """None when GPM works on this device, else why not."""
        try:
            if not self.nvml.nvmlGpmQueryDeviceSupport(self.handle).isSupportedDevice:
                return "NVML GPM is not supported on this GPU (it needs Hopper or newer)"
            self._samples = [self.nvml.nvmlGpmSampleAlloc(), self.nvml.nvmlGpmSampleAlloc()]
        except self.nvml.NVMLError as exc:
            self.close()
            return f"NVML GPM is not available: {exc}"
        except AttributeError as exc:
            return f"NVML GPM is not available: this pynvml has no GPM ({exc})"
        return None

    def _read(self) -> dict[str, float]:
        previous, current = self._samples
        self.nvml.nvmlGpmSampleGet(self.handle, current)
        self._samples = [current, previous]  # this sample starts the next interval
        if not self._have_first:
            self._have_first = True
            return {}
        return self._metrics(previous, current)

    def _metrics(self, first: Any, second: Any) -> dict[str, float]:
        request = self.nvml.c_nvmlGpmMetricsGet_t()
        request.version = self.nvml.NVML_GPM_METRICS_GET_VERSION
        request.numMetrics = len(GPM_METRICS)
        request.sample1, request.sample2 = first, second
        for slot, metric_id in enumerate(GPM_METRICS.values()):
            request.metrics[slot].metricId = metric_id
        answer = self.nvml.nvmlGpmMetricsGet(request)
        values: dict[str, float] = {}
        for slot, name in enumerate(GPM_METRICS):
            metric = answer.metrics[slot]
            ok = metric.nvmlReturn == _SUCCESS and math.isfinite(metric.value)
            values[self.prefix + name] = float(metric.value) if ok else NA
            if not ok:
                self._mark(self.prefix + name, f"NVML GPM returned code {metric.nvmlReturn}")
        return values

    def _failed(self, reason: str, code: int | None) -> None:
        if code in (_NOT_SUPPORTED, _FUNCTION_NOT_FOUND):
            reason += " (not supported; no longer polled)"
            self.close()
            self.reason = reason
        self._mark_all(reason)

    def _unmeasured(self) -> dict[str, float]:
        return {self.prefix + name: NA for name in GPM_METRICS}

    def _mark_all(self, reason: str) -> None:
        for name in GPM_METRICS:
            self._mark(self.prefix + name, reason)
