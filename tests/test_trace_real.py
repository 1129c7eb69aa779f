"""``fwprof run --trace`` with the real frameworks: both profilers, the table, the export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import fwprof

from fwprof.outputs.summary import build_summary
from fwprof.snapshot import load_snapshot
from fwprof.trace.operators import trace_event


@pytest.mark.slow
def test_trace_both_frameworks(tmp_path: Path) -> None:
    snapshot = tmp_path / "x.fwprof"
    result = fwprof("run", "--workload", "mlp", "--mode", "eager", "--repeats", "1", "--steps", "20",
                    "--warmup", "2", "--trace", "3", "--quiet", "-o", str(snapshot))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Top operators" in result.stdout
    record = load_snapshot(snapshot)
    for run in record.runs:
        assert run.status == "ok", run.error
        measure = run.phase("measure")
        assert len(run.steps) >= 20 and measure is not None and measure.end is not None
        assert run.step_ends.max() <= measure.end  # traced steps are not measured steps
        names = [p.name for p in run.phases]
        assert names[-2:] == ["measure", "trace"]
        event = trace_event(run)
        assert event is not None and event["steps"] == 3
        assert run.info["trace"]["steps"] == 3
    sections = build_summary(record).to_json()["operators"]
    assert len(sections) == 1
    for framework in ("torch", "tensorflow"):
        side = sections[0]["frameworks"][framework]
        if framework == "torch" or side["top"]:  # TensorFlow may say why it has no table
            assert side["categories"]["matmul/conv"] > 0, side
            assert any(op["category"] == "matmul/conv" for op in side["top"])
        else:
            assert side["note"].startswith("not available: "), side

    out = tmp_path / "traces"
    exported = fwprof("export", str(snapshot), "--format", "framework-trace", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    [torch_trace] = out.glob("*-torch-*/*.pt.trace.json")
    doc = json.loads(torch_trace.read_text())
    events = doc["traceEvents"] if isinstance(doc, dict) else doc
    assert any(e.get("ph") == "X" and "aten::" in str(e.get("name")) for e in events)
    assert any(name.startswith("plugins/profile/") and name.endswith(".xplane.pb") for name in files)
    html = fwprof("export", str(snapshot), "--format", "html", "-o", str(tmp_path / "r.html"))
    assert html.returncode == 0 and "Top operators" in (tmp_path / "r.html").read_text()
