"""NVML GPM (SM active, occupancy, tensor cores, DRAM bandwidth) through the fake NVML."""

from __future__ import annotations

import math
import os
import time
from typing import Any

import numpy as np
from export_records import store_dict, synthetic_session
from fake_nvml import NVML_ERROR_GPU_IS_LOST, FakeNvml, fake_gpus

from fwprof.export.csv_tables import samples_csv
from fwprof.export.html_report import render_html
from fwprof.sampling import GpuContext, RunSampler
from fwprof.sampling.gpm import GPM_INTERVAL_S, GPM_METRICS, GpmReader
from fwprof.sampling.gpu import GpuSampler
from fwprof.sampling.metrics import describe
from fwprof.sampling.store import TimeSeriesStore

GPM_NAMES = tuple(GPM_METRICS)


class Marks(dict[str, str]):
    def __call__(self, metric: str, reason: str) -> None:
        self.setdefault(metric, reason)


def _open(fake: FakeNvml) -> GpuContext:
    return GpuContext.open(nvml_module=fake, env={})


def test_metrics_come_from_two_samples_at_the_gpm_interval() -> None:
    fake = fake_gpus(2)
    fake.devices[1].gpm = {2: 37.5, 3: 19.0, 5: 2.5, 10: 20.0}
    sampler = GpuSampler(_open(fake), Marks())
    first = sampler.sample(0.0, set())
    assert not any(name.endswith(GPM_NAMES) for name in first)  # one sample: no interval yet
    assert not any(name.endswith(GPM_NAMES) for name in sampler.sample(0.1, set()))  # not due
    values = sampler.sample(GPM_INTERVAL_S, set())
    assert values["gpu0_sm_active_percent"] == 62.5 and values["gpu1_sm_active_percent"] == 37.5
    assert values["gpu0_sm_occupancy_percent"] == 31.0 and values["gpu0_tensor_active_percent"] == 12.5
    assert values["gpu0_dram_bw_percent"] == 40.0
    assert values["gpu_sm_active_percent"] == 50.0 and values["gpu_tensor_active_percent"] == 7.5
    assert values["gpu0_busy_percent"] == 50  # busy % stays next to them
    assert fake.calls["nvmlGpmSampleGet"] == 4 and fake.calls["nvmlGpmMetricsGet"] == 2
    sampler.finish()
    assert all(s.freed for s in fake.gpm_samples) and len(fake.gpm_samples) == 4


def test_a_gpu_without_gpm_is_marked_once_and_never_polled() -> None:
    fake = fake_gpus(1)
    fake.devices[0].gpm_supported = False
    marks = Marks()
    sampler = GpuSampler(_open(fake), marks)
    for t in (0.0, 1.0, 2.0):
        assert not any(name.endswith(GPM_NAMES) for name in sampler.sample(t, set()))
    assert fake.calls["nvmlGpmSampleAlloc"] == 0 and fake.calls["nvmlGpmSampleGet"] == 0
    for name in ("gpu0_sm_active_percent", "gpu_sm_active_percent", "gpu_dram_bw_percent"):
        assert "not supported on this GPU" in marks[name]


def test_a_driver_without_gpm_says_so() -> None:
    fake = fake_gpus(1)
    fake.devices[0].unsupported.add("nvmlGpmQueryDeviceSupport")
    marks = Marks()
    GpuSampler(_open(fake), marks).sample(0.0, set())
    assert marks["gpu0_tensor_active_percent"] == "NVML GPM is not available: Not Supported"

    class OldPynvml(FakeNvml):  # an nvidia-ml-py from before GPM
        def __getattribute__(self, name: str) -> Any:
            if name.startswith("nvmlGpm"):
                raise AttributeError(f"module 'pynvml' has no attribute {name!r}")
            return super().__getattribute__(name)

    old = OldPynvml(fake_gpus(1).devices)
    marks = Marks()
    GpuSampler(_open(old), marks).sample(0.0, set())
    assert marks["gpu0_sm_active_percent"].startswith("NVML GPM is not available")


def test_an_error_mid_run_is_na_with_a_reason_then_recovers() -> None:
    fake = fake_gpus(1)
    marks = Marks()
    fake.nvmlInit()
    reader = GpmReader(fake, fake.devices[0], "gpu0_", marks, interval_s=1.0)
    assert reader.sample(0.0) == {}
    fake.devices[0].errors["nvmlGpmSampleGet"] = NVML_ERROR_GPU_IS_LOST
    lost = reader.sample(1.0)
    assert set(lost) == {f"gpu0_{n}" for n in GPM_NAMES} and all(math.isnan(v) for v in lost.values())
    assert marks["gpu0_sm_active_percent"] == "NVML: GPU is lost"
    del fake.devices[0].errors["nvmlGpmSampleGet"]
    assert reader.sample(2.0)["gpu0_sm_active_percent"] == 62.5  # over the interval since t=0


def test_a_metric_the_gpu_lacks_is_na() -> None:
    fake = fake_gpus(1)
    del fake.devices[0].gpm[5]
    marks = Marks()
    sampler = GpuSampler(_open(fake), marks)
    sampler.sample(0.0, set())
    values = sampler.sample(1.0, set())
    assert math.isnan(values["gpu0_tensor_active_percent"]) and values["gpu0_sm_active_percent"] == 62.5
    assert math.isnan(values["gpu_tensor_active_percent"])
    assert marks["gpu0_tensor_active_percent"] == "NVML GPM returned code 3"


def test_run_summary_and_labels() -> None:
    fake = fake_gpus(1)
    sampler = RunSampler(os.getpid(), gpu=_open(fake))
    for _ in range(3):
        sampler.sample_once()
        time.sleep(GPM_INTERVAL_S + 0.05)
    sampler.sample_once()
    sampler.stop()
    gpu = sampler.summary()["gpu"]
    assert gpu["sm_active_percent_mean"] == 62.5 and gpu["dram_bw_percent_peak"] == 40.0
    assert gpu["devices"][0]["tensor_active_percent_mean"] == 12.5
    assert all(s.freed for s in fake.gpm_samples)
    assert describe("gpu0_sm_occupancy_percent").unit == "%"
    assert "GPM" in describe("gpu_tensor_active_percent").label
    # The series reach the CSV export, next to busy %.
    record = synthetic_session()
    record.runs[0].series = sampler.to_dict()
    header, *rows = samples_csv(record).splitlines()
    columns = header.split(",")
    assert columns.index("gpu_sm_active_percent") == columns.index("gpu_busy_percent") + 1
    column = columns.index("gpu0_sm_active_percent")
    cells = [row.split(",")[column] for row in rows if row.startswith("r001")]
    assert cells.count("62.5") == 3 and cells[0] == ""  # the first tick starts the first interval


def test_without_a_gpu_the_metrics_are_unavailable_not_zero() -> None:
    sampler = RunSampler(os.getpid(), gpu=GpuContext.unavailable("no NVIDIA driver"))
    sampler.sample_once()
    summary = sampler.summary()
    assert summary["gpu"]["sm_active_percent_mean"] is None
    assert summary["unavailable"]["gpu_sm_active_percent"] == "no NVIDIA driver"


def test_the_html_report_charts_sm_activity_only_where_measured() -> None:
    record = synthetic_session()
    assert "GPU SMs active" not in render_html(record)
    run = record.runs[0]
    store = TimeSeriesStore.from_dict(run.series["series"])
    t, _ = store.series("cpu_percent")
    columns = {name: store.series(name)[1] for name in store.names()}
    every_fifth = np.where(np.arange(t.size) % 5 == 0, 55.0, np.nan)  # GPM reads every 0.5 s
    run.series["series"] = store_dict(t, {**columns, "gpu_sm_active_percent": every_fifth}, {})
    html = render_html(record)
    chart = html[html.index("<h3>GPU SMs active</h3>"):]
    chart = chart[:chart.index("</svg>")]
    start = '<polyline points="'
    points = chart[chart.index(start) + len(start):].split('"', 1)[0].split()
    assert len(points) == (t.size + 4) // 5  # the readings joined up, no gaps between them
