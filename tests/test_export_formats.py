"""CSV, markdown and JSON exports of synthetic sessions, parsed back."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

from export_records import synthetic_session

from fwprof.export import FORMATS, export
from fwprof.export.markdown_table import escape, render_markdown
from fwprof.outputs.summary import build_summary
from fwprof.snapshot.io import finite_json


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_csv_has_one_row_per_sample_and_one_column_per_metric(tmp_path: Path) -> None:
    record = synthetic_session(run_seconds=3.0, repeats=2)
    written = export(record, "csv", tmp_path / "out.csv")
    assert [p.name for p in written] == ["out.csv", "out-summary.csv", "out-steps.csv"]
    header, rows = _read_csv(written[0])
    assert header[:5] == ["run_id", "run", "t_s", "cpu_percent", "cpu_share_percent"]
    assert "sys_cpu_core1_percent" in header and "gpu_busy_percent" in header
    assert len(rows) == sum(len(run.series["series"]["t"]) for run in record.runs)
    assert {row["run_id"] for row in rows} == {run.run_id for run in record.runs}
    assert rows[0]["run"] == "torch mlp train eager #1"
    assert all(row["gpu_busy_percent"] == "" for row in rows)  # not measured: empty, not 0
    assert float(rows[0]["rss_bytes"]) > 1e8 and float(rows[0]["t_s"]) >= 0
    times = [float(row["t_s"]) for row in rows]
    assert times == sorted(times)


def test_csv_summary_and_steps_files(tmp_path: Path) -> None:
    record = synthetic_session(run_seconds=2.0, repeats=3)
    _, summary_path, steps_path = export(record, "csv", tmp_path / "s.csv")
    header, rows = _read_csv(summary_path)
    summary = build_summary(record).to_json()
    assert len(rows) == len(summary["groups"])
    assert header[:5] == ["workload", "task", "mode", "device", "framework"]
    torch = next(row for row in rows if row["framework"] == "torch")
    group = next(g for g in summary["groups"] if g["framework"] == "torch")
    assert math.isclose(float(torch["throughput_samples_per_s"]), group["throughput"]["median"],
                        rel_tol=1e-6)
    assert torch["verdict"].startswith("PyTorch")
    _, steps = _read_csv(steps_path)
    assert len(steps) == sum(len(run.steps) for run in record.runs)
    assert math.isclose(float(steps[0]["duration_ms"]), record.runs[0].step_durations[0] * 1e3,
                        rel_tol=1e-5)


def test_csv_text_cannot_become_a_spreadsheet_formula(tmp_path: Path) -> None:
    record = synthetic_session(run_seconds=2.0)
    record.runs[1].status, record.runs[1].error = "failed", "=HYPERLINK(\"x\")"
    _, summary_path, _ = export(record, "csv", tmp_path / "f.csv")
    _, rows = _read_csv(summary_path)
    assert all(not row["errors"].startswith("=") for row in rows)


def test_markdown_table_has_one_row_per_configuration() -> None:
    record = synthetic_session(run_seconds=2.0, repeats=3)
    text = render_markdown(build_summary(record))
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len(table) == 2 + 1  # header, alignment, mlp train eager
    cells = [_cells(line) for line in table]
    assert len({len(c) for c in cells}) == 1 and len(cells[0]) == 9
    assert set(cells[1]) <= {"---", "---:"}
    row = dict(zip(cells[0], cells[2], strict=True))
    assert row["configuration"] == "mlp train eager (cpu)"
    assert row["precision"] == "fp32"
    assert row["verdict"].startswith("PyTorch 4.")
    assert "[" in row["PyTorch samples/s [95% CI]"]
    assert " / " in row["TensorFlow p50 / p99 ms"]


def test_markdown_escapes_pipes_and_newlines_in_errors() -> None:
    record = synthetic_session(run_seconds=2.0)
    run = record.runs[1]
    run.status, run.error = "failed", "bad | thing\n<script>|"
    text = render_markdown(build_summary(record))
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert len({len(_cells(line)) for line in table}) == 1
    assert "<script>" not in text and "bad \\| thing" in text
    assert escape("a|b\nc") == "a\\|b c"


def test_json_equals_build_summary(tmp_path: Path) -> None:
    record = synthetic_session(run_seconds=2.0)
    path = export(record, "json", tmp_path / "s.json")[0]
    expected = json.loads(json.dumps(finite_json(build_summary(record).to_json())))
    assert json.loads(path.read_text()) == expected
    assert json.loads(path.read_text())["schema"] == "fwprof.summary/1"


def test_every_format_is_registered_with_a_suffix() -> None:
    assert set(FORMATS) == {"chrome-trace", "csv", "html", "markdown", "json", "framework-trace"}
    assert all((fmt.folder or fmt.suffix.startswith(".")) and fmt.description for fmt in FORMATS.values())


def _cells(line: str) -> list[str]:
    """Split a markdown row on pipes that are not escaped."""
    cells, current, escaped = [], "", False
    for char in line.strip()[1:-1]:
        if char == "|" and not escaped:
            cells.append(current.strip())
            current = ""
        else:
            current += char
        escaped = char == "\\" and not escaped
    return [*cells, current.strip()]
