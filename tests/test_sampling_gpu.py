"""GPU sampling through a fake NVML: values, NA with reasons, errors, visibility, energy."""

from __future__ import annotations

import json
import math
import os

import pytest
from fake_nvml import (
    NVML_ERROR_GPU_IS_LOST,
    NVML_ERROR_LIBRARY_NOT_FOUND,
    FakeNvml,
    fake_gpus,
)

from fwprof.sampling import GpuContext, RunSampler
from fwprof.sampling.energy import EnergyMeter
from fwprof.sampling.gpu import GpuSampler
from fwprof.sampling.nvml import select_visible

NO_ENV: dict[str, str] = {}


class Marks(dict[str, str]):
    """Collects ``mark(metric, reason)`` calls (first reason kept, like the store)."""

    def __call__(self, metric: str, reason: str) -> None:
        self.setdefault(metric, reason)


def open_fake(fake: FakeNvml, env: dict[str, str] = NO_ENV) -> GpuContext:
    return GpuContext.open(nvml_module=fake, env=env)


def test_open_describes_devices_and_closes_once() -> None:
    fake = fake_gpus(2)
    gpu = open_fake(fake)
    assert gpu.available and gpu.reason is None
    first = gpu.devices[0]
    assert (first.index, first.name, first.driver) == (0, "NVIDIA H100 80GB HBM3", "550.54.15")
    assert first.memory_total == 80 * 2**30 and first.uuid.startswith("GPU-aaaa")
    gpu.close()
    gpu.close()
    assert fake.calls["nvmlInit"] == 1 and fake.calls["nvmlShutdown"] == 1
    assert not gpu.available
    json.dumps(gpu.to_dict())


def test_library_not_found_is_a_reason_not_an_exception() -> None:
    gpu = open_fake(FakeNvml([], init_error=NVML_ERROR_LIBRARY_NOT_FOUND))
    assert not gpu.available
    assert gpu.reason is not None and "Library Not Found" in gpu.reason
    sampler = RunSampler(os.getpid(), gpu=gpu)
    sampler.sample_once()
    summary = sampler.summary()
    assert summary["gpu"]["available"] is False
    assert "Library Not Found" in summary["gpu"]["reason"]
    assert summary["gpu"]["busy_percent_mean"] is None  # NA, never a made-up zero
    assert "Library Not Found" in sampler.store.unavailable["gpu_busy_percent"]
    assert not any(name.startswith("gpu0") for name in sampler.latest())


def test_real_pynvml_without_gpu_does_not_raise() -> None:
    gpu = GpuContext.open()
    try:
        assert gpu.available or gpu.reason
    finally:
        gpu.close()


def test_no_devices_is_unavailable() -> None:
    fake = FakeNvml([])
    gpu = open_fake(fake)
    assert not gpu.available and gpu.reason == "NVML found no GPU"
    assert fake.calls["nvmlShutdown"] == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, [0, 1, 2]),
        ("1", [1]),
        ("2,0", [2, 0]),
        (" 1 , 1 ", [1]),
        ("GPU-bbbbbbbb-1234-5678-9abc-def012345678", [1]),
        ("GPU-cccc", [2]),
        ("aaaa", [0]),
        ("0,7,1", [0]),  # CUDA stops at the first entry that names no device
        ("1,GPU-zzzz,0", [1]),
        ("", []),
        ("-1", []),
        ("MIG-aaaa", []),
    ],
)
def test_cuda_visible_devices(value: str | None, expected: list[int]) -> None:
    devices = open_fake(fake_gpus(3)).devices
    chosen, reason = select_visible(devices, value)
    assert [d.index for d in chosen] == expected
    assert (reason is None) == bool(expected)


def test_cuda_visible_devices_from_env_selects_and_names_by_nvml_index() -> None:
    gpu = open_fake(fake_gpus(3), env={"CUDA_VISIBLE_DEVICES": "GPU-cccc"})
    assert [d.index for d in gpu.devices] == [2]
    values = GpuSampler(gpu, Marks()).sample(0.0, set())
    assert "gpu2_busy_percent" in values and "gpu0_busy_percent" not in values
    hidden = open_fake(fake_gpus(3), env={"CUDA_VISIBLE_DEVICES": ""})
    assert not hidden.available and "selects no GPU" in str(hidden.reason)


def test_values_units_and_totals() -> None:
    fake = fake_gpus(2)
    fake.devices[0].processes = [(101, 3 * 2**30), (999, 2**30)]
    fake.devices[1].busy = 100
    fake.devices[1].memory_used = 0
    values = GpuSampler(open_fake(fake), Marks()).sample(0.0, {101, 102})
    assert values["gpu0_busy_percent"] == 50.0
    assert values["gpu0_mem_used_bytes"] == 2 * 2**30  # as nvidia-smi: driver-reserved left out
    assert values["gpu0_power_w"] == 300.0
    assert values["gpu0_temp_c"] == 45.0
    assert values["gpu0_sm_clock_mhz"] == 1980.0
    assert values["gpu0_proc_mem_bytes"] == 3 * 2**30  # only the run's pids
    assert values["gpu1_proc_mem_bytes"] == 0.0  # nothing runs there: a real zero
    assert values["gpu_busy_percent"] == 75.0
    assert values["gpu_mem_used_bytes"] == 2 * 2**30
    assert values["gpu_power_w"] == 600.0


def test_memory_used_falls_back_to_v1_with_a_note_where_v2_is_missing() -> None:
    fake, marks = fake_gpus(1), Marks()
    fake.devices[0].unsupported.add("nvmlDeviceGetMemoryInfo_v2")
    sampler = GpuSampler(open_fake(fake), marks)
    values = sampler.sample(0.0, set())
    assert values["gpu0_mem_used_bytes"] == 2 * 2**30 + 615 * 2**20  # reserved included
    assert "driver reserves" in marks["gpu0_mem_reserved_included"]
    sampler.sample(0.1, set())
    assert fake.calls["nvmlDeviceGetMemoryInfo_v2"] == 1  # not asked again


def test_processes_nvml_cannot_see_are_not_reported_as_zero_memory() -> None:
    fake, marks = fake_gpus(1), Marks()
    fake.devices[0].memory_used = 1300 * 2**20  # the run's memory, its process not listed
    values = GpuSampler(open_fake(fake), marks).sample(0.0, {101})
    assert math.isnan(values["gpu0_proc_mem_bytes"])
    assert "not visible" in marks["gpu0_proc_mem_bytes"]


def test_unsupported_metric_is_na_with_reason_and_not_polled_again() -> None:
    fake = fake_gpus(1)
    fake.devices[0].unsupported = {"nvmlDeviceGetTemperature"}
    marks = Marks()
    sampler = GpuSampler(open_fake(fake), marks)
    for k in range(5):  # slow ticks, when temperature is read
        values = sampler.sample(k * 1.0, set())
        assert math.isnan(values["gpu0_temp_c"])
        assert values["gpu0_power_w"] == 300.0
    assert "Not Supported" in marks["gpu0_temp_c"]
    assert fake.calls["nvmlDeviceGetTemperature"] == 1


def test_slow_metrics_are_read_about_once_a_second_fast_ones_every_tick() -> None:
    fake = fake_gpus(1)
    sampler = GpuSampler(open_fake(fake), Marks())
    ticks = [sampler.sample(k * 0.1, {101}) for k in range(25)]  # 2.5 s at 10 Hz
    assert all("gpu0_power_w" in v and "gpu0_busy_percent" in v for v in ticks)
    slow = [k for k, v in enumerate(ticks) if "gpu0_temp_c" in v]
    assert slow == [0, 10, 20]
    assert all("gpu0_sm_clock_mhz" in ticks[k] and "gpu0_proc_mem_bytes" in ticks[k] for k in slow)
    assert fake.calls["nvmlDeviceGetTemperature"] == 3
    assert fake.calls["nvmlDeviceGetPowerUsage"] == 25


def test_nvml_error_mid_run_then_recovery() -> None:
    fake = fake_gpus(1)
    marks = Marks()
    sampler = GpuSampler(open_fake(fake), marks)
    assert sampler.sample(0.0, set())["gpu0_busy_percent"] == 50.0
    fake.devices[0].errors = {"nvmlDeviceGetUtilizationRates": NVML_ERROR_GPU_IS_LOST,
                              "nvmlDeviceGetMemoryInfo_v2": NVML_ERROR_GPU_IS_LOST}
    values = sampler.sample(0.1, set())
    assert math.isnan(values["gpu0_busy_percent"]) and math.isnan(values["gpu0_mem_used_bytes"])
    assert math.isnan(values["gpu_mem_used_bytes"])  # a total over a missing value is missing
    assert marks["gpu0_busy_percent"] == "NVML: GPU is lost"
    fake.devices[0].errors = {}
    assert sampler.sample(0.2, set())["gpu0_busy_percent"] == 50.0  # still polled


def test_costly_reads_at_most_once_a_second() -> None:
    fake = fake_gpus(1)
    sampler = GpuSampler(open_fake(fake), Marks())
    ticks = [sampler.sample(k / 10, set()) for k in range(25)]
    assert [k for k, v in enumerate(ticks) if "gpu0_proc_mem_bytes" in v] == [0, 10, 20]
    assert fake.calls["nvmlDeviceGetComputeRunningProcesses"] == 3
    assert fake.calls["nvmlDeviceGetTotalEnergyConsumption"] == 1  # 3.8 ms a read on an H100
    sampler.finish()
    assert fake.calls["nvmlDeviceGetTotalEnergyConsumption"] == 2
    assert fake.calls["nvmlDeviceGetPowerUsage"] == 25


def test_process_memory_of_other_pids_only_is_na() -> None:
    fake = fake_gpus(1)
    fake.devices[0].processes = [(4242, 2**30)]
    marks = Marks()
    values = GpuSampler(open_fake(fake), marks).sample(0.0, {1, 2})
    assert math.isnan(values["gpu0_proc_mem_bytes"])
    assert "none of the run's pids" in marks["gpu0_proc_mem_bytes"]


def test_process_memory_not_reported_is_na() -> None:
    fake = fake_gpus(1)
    fake.devices[0].processes = [(7, None)]
    marks = Marks()
    assert math.isnan(GpuSampler(open_fake(fake), marks).sample(0.0, {7})["gpu0_proc_mem_bytes"])
    assert "gpu0_proc_mem_bytes" in marks


def test_energy_per_interval_by_trapezoid_and_run_total_by_counter() -> None:
    fake = fake_gpus(1)
    device = fake.devices[0]
    sampler = GpuSampler(open_fake(fake), Marks())
    device.power_mw = 100_000
    first = sampler.sample(0.0, set())
    assert first["gpu0_energy_j"] == 0.0 and math.isnan(first["gpu0_interval_energy_j"])
    device.power_mw = 200_000
    second = sampler.sample(0.5, set())
    assert second["gpu0_interval_energy_j"] == pytest.approx(75.0)  # (100+200)/2 W x 0.5 s
    assert second["gpu0_energy_j"] == pytest.approx(75.0)
    meter = sampler.energy[0]
    assert meter.method == "trapezoid"  # not stopped yet
    assert meter.run_j == pytest.approx(75.0)
    device.energy_mj += 80_000
    sampler.finish()
    assert (meter.method, meter.run_j) == ("counter", 80.0)  # exact counter delta


def test_run_total_by_trapezoid_when_counter_unsupported() -> None:
    fake = fake_gpus(1)
    fake.devices[0].unsupported = {"nvmlDeviceGetTotalEnergyConsumption"}
    marks = Marks()
    sampler = GpuSampler(open_fake(fake), marks)
    sampler.sample(0.0, set())
    sampler.sample(2.0, set())
    sampler.finish()
    meter = sampler.energy[0]
    assert meter.method == "trapezoid"
    assert meter.run_j == pytest.approx(600.0)  # 300 W x 2 s
    assert fake.calls["nvmlDeviceGetTotalEnergyConsumption"] == 1  # not asked again
    assert "gpu0_energy_j" not in marks  # energy is still measured


def test_energy_meter_bridges_gaps_and_never_invents_values() -> None:
    empty = EnergyMeter()
    assert all(math.isnan(v) for v in empty.add_power(0.0, math.nan))  # nothing known yet
    assert empty.method is None and math.isnan(empty.run_j)
    meter = EnergyMeter()
    interval, total = meter.add_power(1.0, 100.0)
    assert math.isnan(interval) and total == 0.0
    assert all(math.isnan(v) for v in meter.add_power(2.0, math.nan))  # a gap: unknown, not 0
    assert meter.add_power(3.0, 100.0) == (200.0, 200.0)  # 100 W over the 2 s since t=1
    meter.add_counter(5_000.0)
    assert meter.method == "trapezoid"  # one counter reading is not a delta
    meter.add_counter(9_000.0)
    assert (meter.method, meter.run_j) == ("counter", 4.0)


def test_run_summary_with_fake_gpu() -> None:
    fake = fake_gpus(2)
    fake.devices[0].processes = [(os.getpid(), 2**30)]
    fake.devices[1].memory_used = 0  # idle: no process, a real zero
    sampler = RunSampler(os.getpid(), gpu=open_fake(fake))
    for _ in range(3):
        sampler.sample_once()
        for device in fake.devices:
            device.energy_mj += 10_000
    sampler.stop()  # reads the energy counters a last time
    gpu = sampler.summary()["gpu"]
    assert gpu["available"] and gpu["busy_percent_mean"] == 50.0
    assert gpu["mem_used_bytes_peak"] == 2 * 2**30
    assert gpu["proc_mem_bytes_peak"] == 2**30
    assert gpu["energy_j"] == 60.0  # 30 J counted on each of two devices
    assert [d["energy_j"] for d in gpu["devices"]] == [30.0, 30.0]
    assert [d["energy_method"] for d in gpu["devices"]] == ["counter", "counter"]
    assert gpu["devices"][0]["energy_j_trapezoid"] > 0  # 300 W over the ticks' spacing
    json.dumps(sampler.to_dict(), allow_nan=False)
