"""Resource means over the measure phase, and the GPU column of the table."""

from __future__ import annotations

import numpy as np

from fwprof.config import RunSpec
from fwprof.report.sections import ComparisonSection
from fwprof.report.summary import group_summary
from fwprof.report.table import render_comparison
from fwprof.report.windows import measure_resources
from fwprof.results import PhaseSpan, RunResult, StepLog
from fwprof.sampling.store import TimeSeriesStore


def _run(with_gpu: bool) -> RunResult:
    store = TimeSeriesStore()
    for i in range(100):  # 10 s at 10 Hz: idle until 5 s, then busy
        t = i / 10
        values = {"cpu_percent": 10.0 if t < 5 else 190.0, "sys_cpu_percent": 50.0}
        values["gpu_busy_percent"] = (0.0 if t < 5 else 80.0) if with_gpu else float("nan")
        store.append(t, values)
    durations = np.full(50, 0.01)
    return RunResult(
        run_id="r001", spec=RunSpec("torch", "mlp", "train", "eager").resolved(), status="ok",
        phases=[PhaseSpan("import", 0.0, 2.0), PhaseSpan("measure", 5.0, 9.9)],
        steps=StepLog(5.0 + np.cumsum(durations), durations), series={"series": store.to_dict()},
    )


def test_means_cover_only_the_measure_phase() -> None:
    figures = measure_resources(_run(with_gpu=True))
    assert figures["cpu_percent_mean"] == 190.0
    assert figures["gpu_busy_percent_mean"] == 80.0
    assert figures["sys_cpu_percent_mean"] == 50.0
    assert figures["samples"] == 50


def test_unmeasured_gpu_is_none_not_zero_and_no_series_is_empty() -> None:
    assert measure_resources(_run(with_gpu=False))["gpu_busy_percent_mean"] is None
    bare = _run(with_gpu=False)
    bare.series = {}
    assert measure_resources(bare) == {}


def test_table_shows_gpu_column_only_when_measured() -> None:
    key = ("torch", "mlp", "train", "eager", "cpu")
    gpu_group = group_summary(key, [_run(with_gpu=True)])
    assert gpu_group.gpu_busy_percent == 80.0 and gpu_group.mean_cpu_percent == 190.0
    with_gpu = "\n".join(render_comparison(ComparisonSection(groups=(gpu_group,))))
    assert "GPU busy %" in with_gpu.splitlines()[0]  # the table's header
    cpu_only = "\n".join(render_comparison(
        ComparisonSection(groups=(group_summary(key, [_run(with_gpu=False)]),))))
    assert "GPU busy %" not in cpu_only
