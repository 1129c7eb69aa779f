"""Every export format from a real ``fwprof run`` snapshot (both frameworks, one repeat)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from cli_runner import fwprof
from export_records import check_html, check_trace_nesting, check_trace_schema

from fwprof.outputs.summary import build_summary
from fwprof.snapshot import load_snapshot
from fwprof.snapshot.io import finite_json


@pytest.mark.slow
def test_every_format_from_a_real_session(tmp_path: Path) -> None:
    snapshot = tmp_path / "real.fwprof"
    result = fwprof("run", "--workload", "mlp", "--mode", "eager", "--repeats", "1", "--steps", "40",
                    "--threads", "2", "--quiet", "-o", str(snapshot))
    assert result.returncode == 0, result.stderr[-2000:]
    record = load_snapshot(snapshot)
    outputs = {"chrome-trace": "t.json", "csv": "s.csv", "html": "r.html", "markdown": "t.md",
               "json": "s.json"}
    for fmt, name in outputs.items():
        exported = fwprof("export", str(snapshot), "--format", fmt, "-o", str(tmp_path / name))
        assert exported.returncode == 0, exported.stderr

    events = check_trace_schema(json.loads((tmp_path / "t.json").read_text()))
    assert check_trace_nesting(events) >= sum(len(run.steps) for run in record.runs)
    assert {e["args"]["name"] for e in events if e["name"] == "process_name"} == {
        "torch mlp train eager #1", "tensorflow mlp train eager #1"}

    with (tmp_path / "s.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(run.series["series"]["t"]) for run in record.runs) > 0
    for run in record.runs:  # empty exactly where the snapshot holds null (not measured)
        cpu = [row["cpu_percent"] for row in rows if row["run_id"] == run.run_id]
        stored = run.series["series"]["columns"]["cpu_percent"]
        assert [value == "" for value in cpu] == [value is None for value in stored]
        assert sum(value != "" for value in cpu) > len(cpu) / 2

    check_html((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert "| mlp train eager (cpu) |" in (tmp_path / "t.md").read_text()
    assert json.loads((tmp_path / "s.json").read_text()) == json.loads(
        json.dumps(finite_json(build_summary(record).to_json())))
