"""Deploy scenario without frameworks: planning, specs, snapshots, summary, tables and reports."""

from __future__ import annotations

import json
import logging
import os
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from deploy_records import deploy_config, deploy_record
from export_records import check_html

from fwprof.config import ConfigError, RunSpec, SessionConfig
from fwprof.deploy_formats import FORMAT_NAMES, STAGES, formats_for
from fwprof.diff.deltas import group_runs
from fwprof.export.html_report import render_html
from fwprof.export.markdown_table import render_markdown
from fwprof.launch.plan import plan_runs
from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.results import RunResult
from fwprof.scenarios.deploy.child.capture import WarningCapture
from fwprof.scenarios.deploy.child.reference import parity
from fwprof.scenarios.deploy.formats.base import Unavailable, require
from fwprof.scenarios.deploy.plan import plan_deploy_runs
from fwprof.scenarios.deploy.section import DeploySection
from fwprof.scenarios.deploy.table import render_deploy
from fwprof.scenarios.deploy.workspace import DeployWorkspace
from fwprof.scenarios.registry import builtin_session
from fwprof.snapshot import load_snapshot
from fwprof.snapshot.codec import record_to_document, schema_version
from fwprof.specs.deploy import DeploySpec


def test_each_format_gets_four_stages_in_order_with_their_batch_and_steps() -> None:
    specs = plan_deploy_runs(deploy_config(frameworks=("torch", "tensorflow"), deploy_formats=()))
    formats = {(s.framework, s.format) for s in specs}
    assert formats == {(f.framework, f.name) for fw in ("torch", "tensorflow") for f in formats_for(fw)}
    assert [s.stage for s in specs[:4]] == list(STAGES)
    export, load, latency, throughput = specs[:4]
    assert latency.batch_size == 1 and latency.steps == 200
    assert export.batch_size == load.batch_size == throughput.batch_size == 128  # mlp's default
    assert throughput.steps == 20 and export.warmup == 0 and throughput.threads == 2
    assert all(s.task == "deploy" and s.mode == s.format for s in specs)


def test_deploy_composes_with_the_matrix_and_is_absent_without_the_task() -> None:
    runs = builtin_session(deploy_config(tasks=("infer", "deploy"), modes=("eager",))).record.runs
    mixed = [run.spec for run in runs]
    assert [s.task for s in mixed] == ["infer"] + ["deploy"] * 8
    assert not isinstance(mixed[0], DeploySpec) and all(isinstance(s, DeploySpec) for s in mixed[1:])
    assert [run.scenario for run in runs] == ["compare"] + ["deploy"] * 8
    assert all(type(s) is RunSpec for s in plan_runs(deploy_config(tasks=("infer", "deploy"))))
    assert plan_deploy_runs(SessionConfig()) == []
    assert all(type(s) is RunSpec for s in plan_runs(SessionConfig()))


@pytest.mark.parametrize(("change", "message"), [
    ({"deploy_formats": ("gguf",)}, "unknown deploy format 'gguf'"),
    ({"deploy_queries": 0}, "deploy queries 0 is out of range"),
    ({"device": "cuda"}, "CPU only"),
    ({"tasks": ("deploy", "serve")}, "unknown task 'serve'"),
])
def test_deploy_settings_are_validated(change: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        deploy_config(**change).validate()


def test_spec_round_trips_and_validates() -> None:
    spec = plan_deploy_runs(deploy_config())[2]
    data = spec.to_dict()
    assert data["kind"] == "deploy" and data["stage"] == "latency"
    assert DeploySpec.from_dict(data) == spec and spec.label == "torch mlp deploy torchscript latency"
    spec.validate()
    with pytest.raises(ConfigError, match="no deploy format 'tflite' for torch"):
        replace(spec, mode="tflite").validate()
    with pytest.raises(ConfigError, match="unknown deploy stage"):
        replace(spec, stage="serve").validate()


def test_snapshot_round_trip_keeps_deploy_runs(tmp_path: Path) -> None:
    record = deploy_record()
    assert schema_version(record) == 3
    assert record_to_document(record, {})["runs"][0]["spec"]["kind"] == "deploy"
    path = tmp_path / "d.fwprof"
    save_snapshot(record, path)
    loaded = load_snapshot(path)
    assert [type(r.spec) for r in loaded.runs] == [DeploySpec] * 8
    assert [r.spec for r in loaded.runs] == [r.spec for r in record.runs]
    assert render_summary(build_summary(loaded)) == render_summary(build_summary(record))


def test_summary_row_has_every_figure() -> None:
    summary = build_summary(deploy_record()).to_json()
    assert summary["runs"] == [] and summary["groups"] == []
    row = summary["deploy"][0]
    assert (row["format"], row["status"], row["artifact_bytes"]) == ("torchscript", "ok", 1_000_000)
    assert row["export_s"] == pytest.approx(0.5) and row["load_s"] == pytest.approx(0.05)
    assert row["first_inference_s"] == pytest.approx(0.002) and row["import_s"] == pytest.approx(1.0)
    assert row["parity"]["ok"] and row["warning_count"] == 1
    assert row["latency_ms"]["p50"] == pytest.approx(1.0) and row["latency_ms"]["count"] == 200
    assert row["latency_ms"]["p99"] == pytest.approx(1.5)
    assert row["throughput"]["median"] == pytest.approx(128 / 4e-3) and row["throughput"]["batch_size"] == 128
    assert set(row["stages"]) == set(STAGES)


def test_failed_unavailable_and_skipped_formats_keep_their_reason() -> None:
    record = deploy_record()
    load, latency, throughput = record.runs[1:4]
    load.status, load.error = "failed", "ParityError: parity check failed: ..."
    latency.status, latency.error = "skipped", "the load stage of this format failed"
    throughput.status, throughput.error = "skipped", "the latency stage of this format skipped"
    export = record.runs[4]
    for run in record.runs[4:]:
        run.status, run.error, run.info = "skipped", "unavailable: No module named 'onnxscript'", {
            "unavailable": "No module named 'onnxscript'"}
    rows = build_summary(record).to_json()["deploy"]
    assert (rows[0]["status"], rows[0]["failed_stage"]) == ("failed", "load")
    assert rows[0]["latency_ms"] is None and rows[0]["export_s"] is not None
    assert rows[1]["status"] == "unavailable" and "onnxscript" in rows[1]["error"]
    text = render_summary(build_summary(record))
    assert "mlp PyTorch torchscript: failed at load: ParityError" in text
    assert "mlp PyTorch onnx: unavailable: No module named 'onnxscript'" in text
    assert export.run_id == "r005"


def test_text_table_markdown_and_html_show_the_deploy_rows() -> None:
    record = deploy_record()
    summary = build_summary(record)
    text = render_summary(summary)
    assert "Deployment (export" in text and "torchscript" in text and "onnx" in text
    assert "200 single-stream queries at batch 1" in text and "977 KiB" in text
    markdown = render_markdown(summary)
    assert "| mlp | PyTorch | torchscript | ok | 977 KiB |" in markdown
    assert "configuration" not in markdown  # no empty comparison table
    html = render_html(record)
    check_html(html)
    assert "<h2>Deployment</h2>" in html and "Deployment formats on this machine" in html
    assert "Latency at batch 1" in html and "careful" in html


def test_compare_leaves_deploy_runs_out() -> None:
    assert group_runs(deploy_record().runs) == {}


def _run(spec: DeploySpec, status: str = "ok") -> RunResult:
    return RunResult(spec.stage, spec, status=status)


def test_workspace_blocks_stages_after_a_failure_or_a_missing_package(
        monkeypatch: pytest.MonkeyPatch) -> None:
    export, load, latency, _ = (_run(s) for s in plan_deploy_runs(deploy_config())[4:])  # onnx
    runs = [export, load, latency]
    workspace = DeployWorkspace()
    assert workspace.blocker(runs, export) is None and workspace.blocker(runs, load) is None
    load.status = "failed"
    assert workspace.blocker(runs, latency) == "the load stage of this format failed"
    import fwprof.deploy_formats as catalog

    monkeypatch.setattr(catalog.importlib.util, "find_spec", lambda name: None)
    assert workspace.blocker(runs, export) == "unavailable: No module named 'onnxscript' " \
        "(pip install 'fwprof[deploy]')"
    assert export.info["unavailable"].startswith("No module named 'onnxscript'")
    with workspace.open():
        placed = workspace.place(export.spec)  # type: ignore[arg-type]
        assert Path(placed.artifact_dir).is_dir() and placed.compile_cache_dir.startswith(placed.artifact_dir)
    assert not Path(placed.artifact_dir).exists()


def test_parity_figures_and_failures() -> None:
    expected = np.array([[1.0, -2.0]])
    ok = parity([(expected, expected + 1e-6)])
    assert ok["ok"] and ok["max_abs_diff"] == pytest.approx(1e-6, rel=1e-2)
    assert ok["max_rel_diff"] == pytest.approx(5e-7, rel=1e-2)
    bad = parity([(expected, expected + 1e-3)])
    assert not bad["ok"] and bad["max_abs_diff"] == pytest.approx(1e-3, rel=1e-3)
    assert parity([(expected, expected[:, :1])])["problem"].startswith("output shape")
    assert not parity([(expected, expected * np.nan)])["ok"]


def test_unavailable_names_the_import_error() -> None:
    with pytest.raises(Unavailable, match="import fwprof_no_such_module failed: ModuleNotFoundError"):
        require("fwprof_no_such_module")
    assert set(FORMAT_NAMES) >= {"torchscript", "onnx", "tflite", "savedmodel", "executorch"}


def test_warning_capture_sees_python_logging_and_native_output() -> None:
    with WarningCapture() as capture:
        warnings.warn("python-level", UserWarning, stacklevel=1)
        logging.getLogger("fwprof.test").warning("from logging")
        os.write(2, b"W0000 00:00 native.cc:1] from C++\nnot interesting\n")
    assert "UserWarning: python-level" in capture.warnings
    assert "WARNING fwprof.test: from logging" in capture.warnings
    assert any("from C++" in w for w in capture.warnings)
    assert not any("not interesting" in w for w in capture.warnings)
    sys.stderr.flush()


def test_typed_section_round_trips_its_json_and_reads_older_entries() -> None:
    record = deploy_record()
    record.runs[1].status, record.runs[1].error = "failed", "ParityError: parity check failed"
    document = build_summary(record)
    section = document.deploy
    assert [row.format for row in section.rows] == ["torchscript", "onnx"]
    assert section.rows[0].failed_stage == "load" and section.rows[1].latency_ms is not None
    stored = json.loads(json.dumps(document.to_json()))
    assert DeploySection.from_json(stored).to_json() == {"deploy": stored["deploy"]}
    old = DeploySection.from_json({"deploy": [{"workload": "mlp", "framework": "torch", "format": "onnx"}]})
    (row,) = old.rows
    assert row.name == "mlp torch onnx" and row.parity is None and row.warnings == ()
    assert render_deploy(old)[0].startswith("Deployment (export")
    assert DeploySection.from_json({}).has_runs() is False
