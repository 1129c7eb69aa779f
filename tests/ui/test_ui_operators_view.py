"""The Operators tab: top operators of really traced runs, side by side, shown only when traced."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from ui_fakes import finished_record

from fwprof.config import SessionConfig
from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.report.operators import category_rows, top_rows
from fwprof.results import SessionRecord
from fwprof.scenarios.registry import builtin_session
from ui.app.main_window import MainWindow
from ui.views.profile.operators_view import TOP_N

TRACED = SessionConfig(workloads=("mlp",), modes=("eager",), repeats=1, max_repeats=1, steps=10, warmup=1,
                       threads=1, trace_steps=2)


@pytest.fixture(scope="module")
def traced() -> SessionRecord:
    """Real runs of both frameworks, each profiled for 2 steps after measuring."""
    record = builtin_session(TRACED).run()
    assert [run.status for run in record.runs] == ["ok", "ok"], [r.error for r in record.runs]
    return record


@pytest.mark.slow
def test_traced_runs_show_their_top_operators_side_by_side(
        traced: SessionRecord, make_window: Callable[..., MainWindow], qtbot: Any,
        tmp_path: Path) -> None:
    window = make_window()
    tab = window.tabs.indexOf(window.operators_pane)
    window.files.open_snapshot(save_snapshot(traced, tmp_path / "traced.fwprof"))
    qtbot.waitUntil(lambda: window.document is not None, timeout=10_000)
    assert window.tabs.isTabVisible(tab)
    view = window.operators
    sections = build_summary(traced).operators
    assert view.chooser.count() == len(sections) == 1
    assert view.chooser.currentText().startswith(sections[0]["config"])
    top = view.top.proxy
    headers = [top.headerData(c, Qt.Orientation.Horizontal) for c in range(top.columnCount())]
    assert headers == ["#", "PyTorch operator", "ms", "category",
                       "TensorFlow operator", "ms", "category"]
    expected = top_rows(sections[0], TOP_N)
    assert top.rowCount() == len(expected) > 0
    assert [top.index(0, c).data() for c in range(7)] == expected[0]
    assert view.categories.proxy.rowCount() == len(category_rows(sections[0])) > 0
    assert "PyTorch times:" in view.notes.text()

    torch_only = {**sections[0], "config": "torch only",
                  "frameworks": {"torch": sections[0]["frameworks"]["torch"]}}
    view.show_sections([sections[0], torch_only])
    view.chooser.setCurrentIndex(1)  # the list picks the configuration shown
    assert top.columnCount() == 4 and top.rowCount() == len(top_rows(torch_only, TOP_N))

    window.results.show_summary(build_summary(finished_record(TRACED)))  # nothing traced
    assert not window.tabs.isTabVisible(tab)
