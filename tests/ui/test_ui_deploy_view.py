"""The Deploy tab: per workload a framework x format table, and p50 latency bars."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import SummaryDocument, build_summary
from ui.base.theme import LIGHT
from ui.views.deploy.deploy_rows import DEPLOY_HEADERS, deploy_rows
from ui.views.deploy.deploy_view import DeployView

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the core tests' record builders
from deploy_records import deploy_record

COLUMN = {name: index for index, name in enumerate(DEPLOY_HEADERS)}


def _summary(**changes: Any) -> SummaryDocument:
    """mlp and cnn, torch torchscript + onnx: the onnx of mlp unavailable, torchscript of cnn
    failed at load."""
    record = deploy_record(workloads=("mlp", "cnn"), **changes)
    for run in record.runs[4:8]:  # mlp onnx
        run.status, run.error = "skipped", "unavailable: No module named 'onnxscript'"
        run.info = {"unavailable": "No module named 'onnxscript'"}
    load, *later = record.runs[9:12]  # cnn torchscript
    load.status, load.error = "failed", "ParityError: parity check failed\nmore detail"
    for run in later:
        run.status, run.error = "skipped", "the load stage of this format failed"
    return build_summary(record)


def _view(qtbot: Any) -> DeployView:
    view = DeployView(LIGHT)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def _text(view: DeployView, workload: str, row: int, column: str) -> str:
    model = view.tables[workload].proxy
    return str(model.index(row, COLUMN[column]).data())


def test_rows_hold_every_figure_and_the_reasons() -> None:
    rows = deploy_rows(_summary().deploy)
    assert list(rows) == ["mlp", "cnn"]
    ok, unavailable = rows["mlp"]
    assert ok.status == "ok" and ok.p50_ms == pytest.approx(1.0)
    texts = {name: ok.cells[index].text for name, index in COLUMN.items()}
    assert texts["Size"] == "977 KiB" and texts["Export s"] == "0.5" and texts["Load s"] == "0.05"
    assert texts["p99 ms"] == "1.5" and texts["max |diff|"] == "2.0e-07"
    assert texts["samples/s [95% CI]"].startswith("32,000 [") and texts["Reason"] == ""
    assert unavailable.status == "unavailable" and unavailable.p50_ms is None
    assert unavailable.reason == "No module named 'onnxscript'"
    failed = rows["cnn"][0]
    assert failed.reason == "at load: ParityError: parity check failed"
    assert failed.full_reason.endswith("more detail")


def test_view_shows_a_table_per_workload_greys_unavailable_and_charts_p50(qtbot: Any) -> None:
    view = _view(qtbot)
    assert view.tables == {} and "No deployment runs" in view.title.text()
    view.show_summary(_summary())
    assert list(view.tables) == ["mlp", "cnn"]
    assert "2 of 4 formats ok" in view.title.text()
    assert _text(view, "mlp", 0, "Format") == "TorchScript" and _text(view, "mlp", 0, "p50 ms") == "1"
    assert _text(view, "mlp", 1, "Status") == "unavailable"
    grey = view.tables["mlp"].proxy.index(1, COLUMN["Size"]).data(Qt.ItemDataRole.ForegroundRole)
    assert grey.color().name() == LIGHT.muted
    reason = view.tables["cnn"].proxy.index(0, COLUMN["Reason"])
    assert reason.data() == "at load: ParityError: parity check failed"
    assert "more detail" in reason.data(Qt.ItemDataRole.ToolTipRole)
    assert [len(view.chart.bars[w]) for w in ("mlp", "cnn")] == [1, 1]  # ok formats only
    bar = view.chart.bars["mlp"][0]
    assert bar.opts["height"] == [pytest.approx(1.0)]
    assert bar.opts["brush"].name() == LIGHT.frameworks["torch"]
    view.show_summary(None)
    assert view.tables == {} and not view.chart.isVisibleTo(view)


def test_the_window_shows_the_deploy_tab_only_for_deploy_sessions(
        qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    record = deploy_record()
    path = save_snapshot(record, tmp_path / "deploy.fwprof")
    window = make_window()
    deploy_index = window.tabs.indexOf(window.deploy_pane)
    assert not window.tabs.isTabVisible(deploy_index)
    window.files.open_snapshot(path)
    qtbot.waitUntil(lambda: window.document is not None, timeout=5000)
    assert window.tabs.isTabVisible(deploy_index)
    assert window.tabs.currentIndex() == deploy_index  # a deploy-only session opens on it
    assert list(window.deploy_pane.content.tables) == ["mlp"]
    window.results.show_summary(None)
    assert not window.tabs.isTabVisible(deploy_index)
