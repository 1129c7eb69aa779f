"""Framework traces (``--trace``) without a framework: categories, the cap, tables, export."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

import pytest
from export_records import synthetic_session

from fwprof.child.xplane import aggregate, op_type
from fwprof.config import ConfigError, RunSpec, SessionConfig
from fwprof.export import FORMATS, ExportError, export
from fwprof.export.html_report import render_html
from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.report.operators import render_operators
from fwprof.results import SessionRecord
from fwprof.snapshot import load_snapshot
from fwprof.trace.categories import CATEGORIES, categorize
from fwprof.trace.operators import operators_summary
from fwprof.trace.payload import CHROME_FORMAT, XPLANE_FORMAT, pack_file, unpack_file


@pytest.mark.parametrize(("name", "category"), [
    ("aten::addmm", "matmul/conv"), ("aten::mm", "matmul/conv"), ("MatMul", "matmul/conv"),
    ("_FusedMatMul", "matmul/conv"), ("Conv2D", "matmul/conv"), ("aten::convolution", "matmul/conv"),
    ("ResourceApplyAdam", "optimizer"), ("Optimizer.step#Adam.step", "optimizer"),
    ("aten::add_", "elementwise"), ("Relu", "elementwise"), ("aten::sqrt", "elementwise"),
    ("Sum", "reduction"), ("Mean", "reduction"), ("aten::sum", "reduction"),
    ("aten::copy_", "data movement"), ("Transpose", "data movement"), ("Memcpy", "data movement"),
    ("ReadVariableOp", "data movement"), ("ProfilerStep#3", "other"), ("NoOp", "other"),
])
def test_categories(name: str, category: str) -> None:
    assert categorize(name) == category
    assert category in CATEGORIES


def _chrome(events: int) -> bytes:
    # Varied names so the JSON does not compress to almost nothing.
    doc = {"traceEvents": [{"name": f"aten::op{i * 7919 % 100003}", "ph": "X", "ts": i * 1.37,
                            "dur": (i * 31) % 97, "pid": 1, "tid": 1} for i in range(events)]}
    return json.dumps(doc).encode()


def test_pack_round_trip_under_the_cap() -> None:
    raw = _chrome(50)
    entry = pack_file(raw, "torch.trace.json", CHROME_FORMAT, cap=1 << 20)
    assert entry["note"] == "" and entry["raw_bytes"] == len(raw)
    assert entry["stored_bytes"] == len(gzip.compress(raw, 6))
    assert unpack_file(entry) == raw


def test_cap_truncates_a_chrome_trace() -> None:
    raw = _chrome(20_000)
    cap = 20_000
    entry = pack_file(raw, "torch.trace.json", CHROME_FORMAT, cap=cap)
    assert 0 < entry["stored_bytes"] <= cap
    assert "truncated to the first" in entry["note"] and "of 20000 events" in entry["note"]
    data = unpack_file(entry)
    assert data is not None
    kept = json.loads(data)["traceEvents"]
    assert 0 < len(kept) < 20_000 and kept[0]["name"] == "aten::op0"


def test_cap_drops_what_cannot_be_cut() -> None:
    raw = random.Random(1).randbytes(50_000)  # does not compress below the cap
    entry = pack_file(raw, "tensorflow.xplane.pb", XPLANE_FORMAT, cap=1000)
    assert entry["data"] is None and entry["stored_bytes"] == 0
    assert entry["note"].startswith("dropped:")
    assert unpack_file(entry) is None
    assert unpack_file({"data": "not base64!", "encoding": "gzip+base64"}) is None


def test_tensorflow_op_names_from_xplane_events() -> None:
    assert op_type("EagerLocalExecute: MatMul") == "MatMul"
    assert op_type("sequential/dense/MatMul:MatMul") == "MatMul"
    assert op_type("EagerLocalExecute: __inference_train_step_123") is None
    assert op_type("TFE_Py_FastPathExecute_C") is None
    ops = aggregate([("EagerLocalExecute: MatMul", 2_000_000_000), ("model/d/MatMul:MatMul", 1_000_000_000),
                     ("EagerLocalExecute: Relu", 500_000_000), ("EagerExecute", 9_000_000_000)])
    assert ops[0] == {"name": "MatMul", "category": "matmul/conv", "calls": 2, "time_ms": 3.0}
    assert [op["name"] for op in ops] == ["MatMul", "Relu"]


def trace_event(framework: str, ops: list[tuple[str, float, int]], note: str = "") -> dict[str, Any]:
    raw = _chrome(10)
    return {"k": "trace", "t": 1.0, "v": 1, "framework": framework, "steps": 2,
            "files": [pack_file(raw, f"{framework}.trace.json", CHROME_FORMAT)],
            "operators": [{"name": n, "calls": c, "time_ms": ms} for n, ms, c in ops],
            "operators_note": note, "time_kind": "test time", "notes": []}


def traced_session() -> SessionRecord:
    record = synthetic_session()
    for run in record.runs:
        if run.run_spec.framework == "torch":
            run.events.append(trace_event("torch", [("aten::addmm", 4.0, 4), ("aten::add_", 1.0, 2)]))
        else:
            run.events.append(trace_event("tensorflow", [("MatMul", 6.0, 4), ("ResourceApplyAdam", 2.0, 4)]))
    return record


def test_operator_summary_text_and_html() -> None:
    record = traced_session()
    sections = operators_summary(record.runs)
    assert len(sections) == 1
    sides = sections[0]["frameworks"]
    assert sides["torch"]["categories"]["matmul/conv"] == pytest.approx(2.0)
    assert sides["tensorflow"]["categories"]["optimizer"] == pytest.approx(1.0)
    assert sides["tensorflow"]["top"][0]["name"] == "MatMul"
    document = build_summary(record)
    assert document.to_json()["operators"] == json.loads(json.dumps(sections))
    text = render_summary(document)
    assert "Top operators" in text and "aten::addmm" in text and "MatMul" in text
    assert "Top operators" in render_html(record) and "ResourceApplyAdam" in render_html(record)
    assert build_summary(synthetic_session()).to_json()["operators"] == []
    assert "Top operators" not in render_html(synthetic_session())


def test_operator_table_says_why_none() -> None:
    record = synthetic_session()
    record.runs[1].events.append(trace_event("tensorflow", [], note="not available: test reason"))
    lines = render_operators(operators_summary(record.runs))
    assert any("not available: test reason" in line for line in lines)


def test_export_writes_one_file_per_trace_and_survives_a_snapshot(tmp_path: Path) -> None:
    save_snapshot(traced_session(), tmp_path / "s.fwprof")
    record = load_snapshot(tmp_path / "s.fwprof")
    assert FORMATS["framework-trace"].folder
    written = export(record, "framework-trace", tmp_path / "traces")
    names = sorted(p.relative_to(tmp_path / "traces").as_posix() for p in written)
    assert names == ["r001-torch-mlp-train-eager/r001.pt.trace.json",
                     "r002-tensorflow-mlp-train-eager/tensorflow.trace.json"]
    for path in written:
        assert json.loads(path.read_bytes())["traceEvents"]
    with pytest.raises(ExportError, match="no run in this snapshot"):
        export(synthetic_session(), "framework-trace", tmp_path / "none")


def test_trace_file_names_are_safe(tmp_path: Path) -> None:
    record = traced_session()
    record.runs[1].events[-1]["files"][0]["name"] = "../../evil name.json"
    written = export(record, "framework-trace", tmp_path / "out")
    assert all(p.parent.parent == tmp_path / "out" for p in written)
    assert "_.._evil_name.json" in {p.name for p in written}


def test_trace_steps_setting() -> None:
    assert SessionConfig().trace_steps == 0
    assert SessionConfig(trace_steps=3).run_template("torch", "mlp", "train", "eager").trace_steps == 3
    with pytest.raises(ConfigError, match="trace steps"):
        RunSpec("torch", "mlp", "train", "eager", trace_steps=-1).validate()
    assert SessionConfig.from_dict(SessionConfig(trace_steps=4).to_dict()).trace_steps == 4


def test_cli_trace_option() -> None:
    import argparse

    from fwprof.cli import run_cmd

    parser = argparse.ArgumentParser()
    run_cmd.add_parser(parser.add_subparsers())
    config = run_cmd.config_from_args
    assert config(parser.parse_args(["run"])).trace_steps == 0
    assert config(parser.parse_args(["run", "--trace"])).trace_steps == run_cmd.DEFAULT_TRACE_STEPS == 5
    assert config(parser.parse_args(["run", "--trace", "3"])).trace_steps == 3
