"""The Compare tab: the figures of ``fwprof compare``, a warning when nothing matches, and a
layout that fits a 1024x700 screen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from ui_fakes import finished_record

from fwprof.config import SessionConfig
from fwprof.diff import compare_sessions
from fwprof.diff.render import render_text
from fwprof.outputs.snapshot import save_snapshot
from fwprof.results import StepLog
from fwprof.snapshot import load_snapshot
from ui.controllers.host import Tab

CONFIG = SessionConfig(modes=("eager",), repeats=2, max_repeats=2, steps=50, warmup=1)


def _snapshot(path: Path, config: SessionConfig = CONFIG, slowdown: float = 1.0) -> Path:
    record = finished_record(config)
    for run in record.runs:
        if run.spec.framework == "tensorflow":
            run.steps = StepLog(run.step_ends, run.step_durations * slowdown)
    return save_snapshot(record, path)


def _compared(qtbot: Any, window: Any, first: Path, second: Path) -> Any:
    window.files.compare_snapshots(first, second)
    qtbot.waitUntil(lambda: window.tabs.isTabVisible(Tab.COMPARE), timeout=10_000)
    qtbot.waitUntil(lambda: window.compare.comparison is not None, timeout=30_000)  # off-thread
    return window.compare


def test_each_change_has_the_interval_and_mark_fwprof_compare_prints(
        qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    first = _snapshot(tmp_path / "a.fwprof")
    second = _snapshot(tmp_path / "b.fwprof", slowdown=2.0)
    window = make_window()
    compare = _compared(qtbot, window, first, second)
    text = render_text(compare_sessions(load_snapshot(first), load_snapshot(second)),
                       "a", "b", load_snapshot(first), load_snapshot(second))
    shown = {row.framework: row for row in compare.rows}
    assert {row.metric for row in compare.rows} == {"throughput"} and len(compare.rows) == 2
    slower = shown["tensorflow"]
    assert slower.cells[4] == "yes: regression" and slower.tone == "regression"
    cli_row = next(line.split() for line in text.splitlines() if slower.cells[3] in line)
    assert " ".join(cli_row[-8:]) == f"{slower.cells[2]} {slower.cells[3]} yes REGRESSION"
    same = shown["torch"]
    assert same.cells[4] == "no" and same.tone == "not significant"
    assert same.cells[3].startswith("[") and same.cells[3] in text
    model = compare.table.proxy
    row = next(r for r in range(model.rowCount()) if model.index(r, 5).data() == "yes: regression")
    assert model.index(row, 0).data() == "tensorflow mlp train eager"
    assert model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == "tensorflow mlp train eager (cpu)"
    window.themes.choose("dark")  # the table follows the theme
    red = compare.table.proxy.index(row, 3).data(Qt.ItemDataRole.ForegroundRole).color().name()
    assert red == window.theme.bad == "#ff6b6b"
    compare.metric_choice.setCurrentIndex(compare.metric_choice.findData("step_ms_p50"))
    p50 = {row.framework: row for row in compare.rows}["tensorflow"]
    assert p50.metric == "step_ms_p50" and p50.cells[4] == "yes: worse"
    assert "1 throughput regression" in compare.verdict.text()
    assert not compare.notice.isVisible()


def test_snapshots_sharing_no_configuration_say_so(qtbot: Any, make_window: Any,
                                                   tmp_path: Path) -> None:
    first = _snapshot(tmp_path / "a.fwprof")
    second = _snapshot(tmp_path / "b.fwprof", replace(CONFIG, modes=("graph",)))
    compare = _compared(qtbot, make_window(), first, second)
    assert compare.notice.isVisible() and not compare.splitter.widget(0).isVisible()
    assert "share no configuration" in compare.notice.text()
    assert "Only in B: torch mlp train graph (cpu)" in compare.notice.text()
    assert compare.rows == [] and not compare.verdict.isVisible()


def test_compare_fits_a_1024_by_700_screen(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    first = _snapshot(tmp_path / "a-session-with-a-rather-long-file-name-for-the-title.fwprof")
    second = _snapshot(tmp_path / "b-session-with-a-rather-long-file-name-for-the-title.fwprof",
                       slowdown=1.3)
    window = make_window()
    window.resize(1024, 700)
    compare = _compared(qtbot, window, first, second)
    qtbot.waitUntil(lambda: compare.table.height() > 0, timeout=5000)
    assert window.minimumSizeHint().width() <= 1024 and window.width() <= 1024
    assert window.minimumSizeHint().height() <= 700 and window.height() <= 700
    shown_rows = compare.table.viewport().height() // compare.table.rowHeight(0)
    assert shown_rows >= len(compare.rows) == 2  # the changes first; the timelines scroll
    assert compare.splitter.sizes()[1] >= 150 and compare.timeline.height() >= 150
    assert compare.table.horizontalScrollBar().maximum() >= 0  # wide columns scroll, not widen


def test_the_changes_are_computed_off_the_gui_thread(qtbot: Any, tmp_path: Path) -> None:
    from fwprof.outputs.summary import build_summary
    from ui.views.diff.compare_view import CompareView

    pair = []
    for name, slowdown in (("a.fwprof", 1.0), ("b.fwprof", 2.0)):
        record = load_snapshot(_snapshot(tmp_path / name, slowdown=slowdown))
        pair.append((tmp_path / name, record, build_summary(record)))
    view = CompareView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.computed, timeout=30_000):
        view.show_pair(*pair)
        # show_pair has returned before the bootstrap's result can reach the GUI thread
        assert view.comparison is None and "Computing" in view.notice.text()
    assert view.comparison is not None and len(view.rows) == 2
    assert "Computing" not in view.notice.text()
