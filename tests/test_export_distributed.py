"""HTML and Markdown exports of distributed sessions: the scaling table with its real figures."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from export_records import check_html

from fwprof.export import export
from fwprof.outputs.summary import build_summary
from fwprof.results import SessionRecord
from fwprof.scenarios.distributed.section import DistributedSection
from fwprof.scenarios.registry import DISTRIBUTED
from fwprof.snapshot.io import load_snapshot

DATA = Path(__file__).parent / "data"
SNAPSHOTS = ("v3-distributed.fwprof", "v3-distributed-ddp.fwprof")
LABELS = {"torch": "PyTorch", "tensorflow": "TensorFlow"}
EVIL = "<b>x|y</b>`*_"


def _points(summary: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    pairs = [(entry, point) for entry in summary["scaling"] for point in entry["points"]]
    assert pairs, "the snapshot should hold distributed launches"
    return pairs


def _figures(entry: dict[str, Any], point: dict[str, Any]) -> list[str]:
    """The cells computed here from the summary: throughput (all above 1000 in these
    snapshots, so written as whole numbers with separators), speedup and efficiency."""
    median = point["throughput"]["median"]
    assert median >= 1000
    return [entry["workload"], LABELS[entry["framework"]], entry["mode"], entry["device"],
            str(point["world_size"]), f"{point['runs_ok']}/{point['runs']}",
            f"{round(median):,}", f"{point['speedup']:.2f}x", f"{round(point['efficiency'] * 100)}%"]


@pytest.fixture(params=SNAPSHOTS)
def record(request: pytest.FixtureRequest) -> SessionRecord:
    return load_snapshot(DATA / request.param)


def test_html_has_a_scaling_row_per_point(record: SessionRecord, tmp_path: Path) -> None:
    [path] = export(record, "html", tmp_path / "report.html")
    text = path.read_text(encoding="utf-8")
    check_html(text)
    assert "<h2>Scaling</h2>" in text
    assert text.index("<h2>Scaling</h2>") < text.index("<h2>Timelines</h2>")
    for entry, point in _points(build_summary(record).to_json()):
        cells = _figures(entry, point)
        row = "".join(f"<td>{c}</td>" for c in cells[:4]) + "".join(
            f'<td class="num">{c}</td>' for c in cells[4:6])
        assert row in text
        start = text.index(row)
        tail = text[start:text.index("</tr>", start)]
        for cell in cells[6:]:
            assert cell in tail, (cell, tail)


def test_markdown_has_a_scaling_row_per_point(record: SessionRecord, tmp_path: Path) -> None:
    [path] = export(record, "markdown", tmp_path / "table.md")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("| workload | framework | mode | device | workers |") for line in lines)
    rows = [line for line in lines if line.startswith("| ") and "x |" in line]
    points = _points(build_summary(record).to_json())
    assert len(rows) == len(points)
    for (entry, point), row in zip(points, rows, strict=True):
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        expected = _figures(entry, point)
        assert cells[:6] == expected[:6]
        assert cells[6].startswith(expected[6] + " [")
        assert cells[7:9] == expected[7:9]
        if point.get("comm_ms") is not None:
            assert cells[11].endswith(f"({round(point['comm_ms'] / point['step_ms_p50'] * 100)}%)")


def test_session_strings_are_escaped(record: SessionRecord) -> None:
    summary = copy.deepcopy(build_summary(record).sections[DISTRIBUTED.name].to_json())
    summary["scaling"][0]["workload"] = EVIL
    section = DistributedSection.from_json(summary)
    html = "".join(DISTRIBUTED.html(section, record))
    assert EVIL not in html and "&lt;b&gt;x|y&lt;/b&gt;" in html
    markdown = "\n".join(DISTRIBUTED.markdown(section))
    assert EVIL not in markdown and r"\<b\>x\|y\</b\>\`\*\_" in markdown


def test_no_scaling_section_without_distributed_launches() -> None:
    record = load_snapshot(DATA / "v3-compare.fwprof")
    section = build_summary(record).sections[DISTRIBUTED.name]
    assert DISTRIBUTED.html(section, record) == [] and DISTRIBUTED.markdown(section) == []
