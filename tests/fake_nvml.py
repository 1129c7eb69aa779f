"""A fake ``pynvml`` module for tests, injected with ``GpuContext.open(nvml_module=fake)``.

Devices are plain dataclasses whose fields the test changes between ticks. Any NVML function
can be made to fail: ``device.unsupported`` raises NOT_SUPPORTED, ``device.errors`` raises a
chosen error code (e.g. GPU lost mid-run). ``calls`` counts calls per function name.

GPM (``nvmlGpm*``): a device answers ``gpm`` (metric id -> percent) for the interval between
two samples; ``gpm_supported=False`` is a pre-Hopper GPU. Samples must be of the same device,
taken in order and not freed, as NVML requires.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

NVML_ERROR_NOT_SUPPORTED = 3
NVML_ERROR_NO_PERMISSION = 4
NVML_ERROR_LIBRARY_NOT_FOUND = 12
NVML_ERROR_FUNCTION_NOT_FOUND = 13
NVML_ERROR_GPU_IS_LOST = 15
NVML_TEMPERATURE_GPU = 0
NVML_CLOCK_SM = 1
NVML_MEMORY_V2 = 0x02000028
NVML_GPM_METRICS_GET_VERSION = 1
#: SM active, SM occupancy, any tensor op, DRAM bandwidth (pynvml's NVML_GPM_METRIC_* ids).
DEFAULT_GPM = {2: 62.5, 3: 31.0, 5: 12.5, 10: 40.0}

_MESSAGES = {
    NVML_ERROR_NOT_SUPPORTED: "Not Supported",
    NVML_ERROR_NO_PERMISSION: "Insufficient Permissions",
    NVML_ERROR_LIBRARY_NOT_FOUND: "NVML Shared Library Not Found",
    NVML_ERROR_FUNCTION_NOT_FOUND: "Function Not Found",
    NVML_ERROR_GPU_IS_LOST: "GPU is lost",
}


class NVMLError(Exception):
    """Like pynvml's: carries the NVML return code in ``value``."""

    def __init__(self, value: int) -> None:
        super().__init__(value)
        self.value = value

    def __str__(self) -> str:
        return _MESSAGES.get(self.value, f"NVML error {self.value}")


@dataclass
class FakeDevice:
    """One fake GPU; change its fields between ticks."""

    uuid: str
    name: str = "NVIDIA H100 80GB HBM3"
    memory_total: int = 80 * 2**30
    memory_used: int = 2 * 2**30  # as nvidia-smi shows it (NVML v2's "used")
    memory_reserved: int = 615 * 2**20  # by the driver; NVML v1's "used" includes it
    busy: int = 50
    power_mw: int = 300_000
    temp_c: int = 45
    sm_clock_mhz: int = 1980
    energy_mj: int = 1_000_000
    processes: list[tuple[int, int | None]] = field(default_factory=list)
    unsupported: set[str] = field(default_factory=set)
    errors: dict[str, int] = field(default_factory=dict)
    gpm_supported: bool = True
    gpm: dict[int, float] = field(default_factory=lambda: dict(DEFAULT_GPM))


@dataclass
class FakeGpmSample:
    """An allocated GPM sample: which device it was taken on, when, and what it saw."""

    device: FakeDevice | None = None
    taken: int = 0
    values: dict[int, float] = field(default_factory=dict)
    freed: bool = False


class FakeGpmMetricsGet:
    """Stands in for ``pynvml.c_nvmlGpmMetricsGet_t`` (the request and the answer)."""

    def __init__(self) -> None:
        self.version = 0
        self.numMetrics = 0
        self.sample1: FakeGpmSample | None = None
        self.sample2: FakeGpmSample | None = None
        self.metrics = [SimpleNamespace(metricId=0, nvmlReturn=0, value=0.0) for _ in range(16)]


class FakeNvml:
    """Stands in for the ``pynvml`` module (its functions and constants)."""

    NVMLError = NVMLError
    NVML_TEMPERATURE_GPU = NVML_TEMPERATURE_GPU
    NVML_CLOCK_SM = NVML_CLOCK_SM
    NVML_ERROR_NOT_SUPPORTED = NVML_ERROR_NOT_SUPPORTED
    nvmlMemory_v2 = NVML_MEMORY_V2
    NVML_GPM_METRICS_GET_VERSION = NVML_GPM_METRICS_GET_VERSION
    c_nvmlGpmMetricsGet_t = FakeGpmMetricsGet

    def __init__(self, devices: list[FakeDevice], init_error: int | None = None,
                 driver: str = "550.54.15") -> None:
        self.devices = devices
        self.init_error = init_error
        self.driver = driver
        self.initialised = False
        self.calls: Counter[str] = Counter()
        self.gpm_samples: list[FakeGpmSample] = []
        self._gpm_clock = 0

    def _check(self, function: str, device: FakeDevice | None = None) -> None:
        self.calls[function] += 1
        if not self.initialised:
            raise NVMLError(1)
        if device is not None and function in device.unsupported:
            raise NVMLError(NVML_ERROR_NOT_SUPPORTED)
        if device is not None and function in device.errors:
            raise NVMLError(device.errors[function])

    def nvmlInit(self) -> None:
        self.calls["nvmlInit"] += 1
        if self.init_error is not None:
            raise NVMLError(self.init_error)
        self.initialised = True

    def nvmlShutdown(self) -> None:
        self._check("nvmlShutdown")
        self.initialised = False

    def nvmlSystemGetDriverVersion(self) -> str:
        self._check("nvmlSystemGetDriverVersion")
        return self.driver

    def nvmlDeviceGetCount(self) -> int:
        self._check("nvmlDeviceGetCount")
        return len(self.devices)

    def nvmlDeviceGetHandleByIndex(self, index: int) -> FakeDevice:
        self._check("nvmlDeviceGetHandleByIndex")
        return self.devices[index]

    def nvmlDeviceGetName(self, device: FakeDevice) -> bytes:
        self._check("nvmlDeviceGetName", device)
        return device.name.encode()  # old pynvml versions return bytes

    def nvmlDeviceGetUUID(self, device: FakeDevice) -> str:
        self._check("nvmlDeviceGetUUID", device)
        return device.uuid

    def nvmlDeviceGetMemoryInfo(self, device: FakeDevice, version: int | None = None) -> SimpleNamespace:
        if version:
            assert version == NVML_MEMORY_V2
            self._check("nvmlDeviceGetMemoryInfo_v2", device)
            free = device.memory_total - device.memory_used - device.memory_reserved
            return SimpleNamespace(version=version, total=device.memory_total, used=device.memory_used,
                                   reserved=device.memory_reserved, free=free)
        self._check("nvmlDeviceGetMemoryInfo", device)
        used = device.memory_used + device.memory_reserved
        return SimpleNamespace(total=device.memory_total, used=used, free=device.memory_total - used)

    def nvmlDeviceGetUtilizationRates(self, device: FakeDevice) -> SimpleNamespace:
        self._check("nvmlDeviceGetUtilizationRates", device)
        return SimpleNamespace(gpu=device.busy, memory=device.busy // 2)

    def nvmlDeviceGetPowerUsage(self, device: FakeDevice) -> int:
        self._check("nvmlDeviceGetPowerUsage", device)
        return device.power_mw

    def nvmlDeviceGetTemperature(self, device: FakeDevice, sensor: int) -> int:
        self._check("nvmlDeviceGetTemperature", device)
        assert sensor == NVML_TEMPERATURE_GPU
        return device.temp_c

    def nvmlDeviceGetClockInfo(self, device: FakeDevice, clock: int) -> int:
        self._check("nvmlDeviceGetClockInfo", device)
        assert clock == NVML_CLOCK_SM
        return device.sm_clock_mhz

    def nvmlDeviceGetTotalEnergyConsumption(self, device: FakeDevice) -> int:
        self._check("nvmlDeviceGetTotalEnergyConsumption", device)
        return device.energy_mj

    def nvmlDeviceGetComputeRunningProcesses(self, device: FakeDevice) -> list[SimpleNamespace]:
        self._check("nvmlDeviceGetComputeRunningProcesses", device)
        return [SimpleNamespace(pid=pid, usedGpuMemory=used) for pid, used in device.processes]

    def nvmlGpmQueryDeviceSupport(self, device: FakeDevice) -> SimpleNamespace:
        self._check("nvmlGpmQueryDeviceSupport", device)
        return SimpleNamespace(version=1, isSupportedDevice=int(device.gpm_supported))

    def nvmlGpmSampleAlloc(self) -> FakeGpmSample:
        self._check("nvmlGpmSampleAlloc")
        self.gpm_samples.append(FakeGpmSample())
        return self.gpm_samples[-1]

    def nvmlGpmSampleFree(self, sample: FakeGpmSample) -> None:
        self._check("nvmlGpmSampleFree")
        assert not sample.freed, "a GPM sample freed twice"
        sample.freed = True

    def nvmlGpmSampleGet(self, device: FakeDevice, sample: FakeGpmSample) -> FakeGpmSample:
        self._check("nvmlGpmSampleGet", device)
        assert not sample.freed
        self._gpm_clock += 1
        sample.device, sample.taken, sample.values = device, self._gpm_clock, dict(device.gpm)
        return sample

    def nvmlGpmMetricsGet(self, request: FakeGpmMetricsGet) -> FakeGpmMetricsGet:
        first, second = request.sample1, request.sample2
        assert first is not None and second is not None and first.device is second.device
        self._check("nvmlGpmMetricsGet", first.device)
        assert request.version == NVML_GPM_METRICS_GET_VERSION
        assert 0 < first.taken < second.taken and not first.freed and not second.freed
        for metric in request.metrics[: request.numMetrics]:
            supported = metric.metricId in second.values
            metric.nvmlReturn = 0 if supported else NVML_ERROR_NOT_SUPPORTED
            metric.value = second.values.get(metric.metricId, 0.0)
        return request


def fake_gpus(count: int = 2) -> FakeNvml:
    """A fake NVML with ``count`` devices, UUIDs ``GPU-aaaa...``, ``GPU-bbbb...``, ..."""
    letters = "abcdefgh"
    return FakeNvml([FakeDevice(uuid=f"GPU-{letters[i] * 8}-1234-5678-9abc-def012345678")
                     for i in range(count)])
