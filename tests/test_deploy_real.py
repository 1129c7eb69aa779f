"""The deploy scenario for real: every format of both frameworks on ``mlp``, in fresh processes.

Kept modest: 100 latency queries and 10 throughput batches per format.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import pytest
from cli_runner import fwprof as run_fwprof

from fwprof.config import SessionConfig
from fwprof.deploy_formats import formats_for
from fwprof.launch.session import Session
from fwprof.outputs.summary import build_summary
from fwprof.results import RunResult
from fwprof.scenarios.registry import builtin_session
from fwprof.specs.deploy import DeploySpec

QUERIES = 100
#: Formats that need nothing beyond the framework itself: they must work wherever it does.
ALWAYS = {"torch": {"torchscript", "torch-export"}, "tensorflow": {"savedmodel", "tflite"}}


fwprof = partial(run_fwprof, timeout=900)


def _session(framework: str, formats: tuple[str, ...] = ()) -> Session:
    config = SessionConfig(workloads=("mlp",), frameworks=(framework,), tasks=("deploy",), threads=2,
                           deploy_formats=formats, deploy_queries=QUERIES, steps=10, warmup=3, repeats=1,
                           max_repeats=1, min_time_s=0.0, warmup_max_s=0.0)  # steps, not seconds
    return builtin_session(config)


def _stages(runs: list[RunResult], name: str) -> dict[str, RunResult]:
    return {run.spec.stage: run for run in runs
            if isinstance(run.spec, DeploySpec) and run.spec.format == name}


@pytest.mark.slow
@pytest.mark.parametrize("framework", ["torch", "tensorflow"])
def test_every_format_loads_in_a_fresh_process_and_matches_the_eager_model(framework: str) -> None:
    record = _session(framework).run()
    rows = {row["format"]: row for row in build_summary(record).to_json()["deploy"]}
    assert set(rows) == {f.name for f in formats_for(framework)}
    assert ALWAYS[framework] <= {name for name, row in rows.items() if row["status"] == "ok"}, rows
    for name, row in rows.items():
        if row["status"] == "unavailable":
            assert row["error"], name  # the exact reason, never silently dropped
            continue
        assert row["status"] == "ok", (name, row["error"], _stages(record.runs, name))
        _check_ok_row(row, _stages(record.runs, name))


def _check_ok_row(row: dict[str, Any], stages: dict[str, RunResult]) -> None:
    parity = row["parity"]
    assert parity["ok"] and parity["max_rel_diff"] <= 1e-4 and parity["max_abs_diff"] is not None
    pids = {stage: run.pid for stage, run in stages.items()}
    assert len(set(pids.values())) == 4, pids  # each stage in its own process
    assert [p.name for p in stages["load"].phases] == ["import", "load", "first_inference"]
    assert row["artifact_bytes"] > 10_000 and row["export_s"] > 0 and row["load_s"] > 0
    assert row["latency_ms"]["count"] == QUERIES and 0 < row["latency_ms"]["p50"] <= row["latency_ms"]["p99"]
    assert row["throughput"]["median"] > 0 and row["throughput"]["batch_size"] == 128
    assert row["runtime"]["threads"] == 2


@pytest.mark.slow
def test_a_missing_package_is_shown_unavailable_and_the_others_still_run(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import fwprof.deploy_formats as catalog

    real = catalog.importlib.util.find_spec
    monkeypatch.setattr(catalog.importlib.util, "find_spec",
                        lambda name, *a: None if name == "onnxscript" else real(name, *a))
    record = _session("torch", ("torchscript", "onnx")).run()
    rows = {row["format"]: row for row in build_summary(record).to_json()["deploy"]}
    assert rows["torchscript"]["status"] == "ok"
    assert rows["onnx"]["status"] == "unavailable"
    assert rows["onnx"]["error"] == "No module named 'onnxscript' (pip install 'fwprof[deploy]')"
    assert all(run.pid is None for run in _stages(record.runs, "onnx").values())


@pytest.mark.slow
def test_cli_prints_the_table_show_reproduces_it_and_html_has_it(tmp_path: Path) -> None:
    snapshot = tmp_path / "deploy.fwprof"
    result = fwprof("run", "--task", "deploy", "--workload", "mlp", "--framework", "tensorflow",
                    "--deploy-format", "savedmodel,tflite", "--queries", str(QUERIES), "--steps", "10",
                    "--threads", "2", "--quiet", "-o", str(snapshot))
    assert result.returncode == 0, result.stderr[-3000:]
    table = result.stdout.split("\nSaved ")[0].rstrip("\n")
    assert "Deployment (export" in table and "savedmodel" in table and "tflite" in table
    shown = fwprof("show", str(snapshot))
    assert shown.returncode == 0 and shown.stdout.rstrip("\n") == table
    html = tmp_path / "r.html"
    assert fwprof("export", str(snapshot), "--format", "html", "-o", str(html)).returncode == 0
    text = html.read_text(encoding="utf-8")
    assert "<h2>Deployment</h2>" in text and "TFLite / LiteRT" in text
