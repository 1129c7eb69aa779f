"""The results page renders build_summary's figures and verdicts, sorts and copies."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from ui_fakes import finished_record

from fwprof.config import SessionConfig
from fwprof.outputs.summary import build_summary
from ui.base.theme import LIGHT
from ui.views.results.results_rows import comparison_rows
from ui.views.results.results_view import ResultsView

TWO_MODES = SessionConfig(modes=("eager", "graph"), repeats=3, max_repeats=3, steps=60, warmup=1)


def _view(qtbot: Any) -> ResultsView:
    view = ResultsView(LIGHT)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def test_both_frameworks_side_by_side_with_the_winner_highlighted(qtbot: Any) -> None:
    summary = build_summary(finished_record(TWO_MODES))
    view = _view(qtbot)
    view.show_summary(summary)
    model = view.comparisons.proxy
    assert model.rowCount() == 2
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "PyTorch samples/s [95% CI]" in headers and "TensorFlow samples/s [95% CI]" in headers
    for row in range(2):
        verdict = model.index(row, 7).data()
        assert summary.comparison.comparisons[row].verdict in model.index(row, 7).data(
            Qt.ItemDataRole.ToolTipRole)
        assert verdict.startswith(("PyTorch 1.4", "PyTorch 1.5")) and verdict.endswith("× faster")
        torch_cell = model.index(row, 4)
        assert torch_cell.data(Qt.ItemDataRole.FontRole).bold()
        assert torch_cell.data(Qt.ItemDataRole.BackgroundRole) is not None
        assert model.index(row, 5).data(Qt.ItemDataRole.BackgroundRole) is None
    assert view.details.proxy.rowCount() == 4
    assert "12 of 12 runs ok" in view.title.text()
    notes = view.verdict_notes.text()
    assert "3 pairs" in notes and "processes vary" in notes and "not like for like" in notes


def test_equal_speeds_are_no_meaningful_difference_and_nobody_wins(qtbot: Any) -> None:
    summary = build_summary(finished_record(TWO_MODES, same_speed=True, seed=3))
    rows = comparison_rows(summary.comparison)
    assert all(r.ci95 and 0.95 <= r.ci95[0] <= 1 <= r.ci95[1] <= 1.05 for r in rows), rows
    view = _view(qtbot)
    view.show_summary(summary)
    texts = [view.comparisons.proxy.index(r, 7).data() for r in range(len(rows))]
    assert texts == ["No meaningful difference"] * len(rows)
    assert all(r.winner is None for r in rows)


def test_sorting_is_numeric(qtbot: Any) -> None:
    view = _view(qtbot)
    view.show_summary(build_summary(finished_record(TWO_MODES)))
    details = view.details
    details.sortByColumn(8, Qt.SortOrder.DescendingOrder)
    values = [details.proxy.index(r, 8).data(Qt.ItemDataRole.UserRole + 1) for r in range(4)]
    assert values == sorted(values, reverse=True)
    assert details.proxy.index(0, 0).data() == "PyTorch"


def test_ctrl_c_copies_the_selection_as_tsv(qtbot: Any) -> None:
    view = _view(qtbot)
    view.show_summary(build_summary(finished_record(TWO_MODES)))
    table = view.comparisons
    model = table.proxy
    selection = table.selectionModel()
    for column in (0, 2, 7):
        selection.select(model.index(0, column), QItemSelectionModel.SelectionFlag.Select)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == ["Workload", "Mode", "Verdict"]
    assert lines[1].split("\t")[0] == "mlp" and "faster" in lines[1].split("\t")[2]
    everything = table.copy_all().splitlines()
    assert len(everything) == 3 and everything[0].count("\t") == 7


def test_failed_runs_are_listed_with_their_reason(qtbot: Any) -> None:
    summary = build_summary(finished_record(TWO_MODES, fail=frozenset({"torch"})))
    view = _view(qtbot)
    view.show_summary(summary)
    assert view.failures.isVisible()
    assert "fake failure" in view.failures.text()
    assert view.comparisons.proxy.index(0, 4).data() == "failed"


def test_bar_charts_draw_one_group_per_configuration(qtbot: Any) -> None:
    view = _view(qtbot)
    view.show_summary(build_summary(finished_record(TWO_MODES)))
    throughput = view.charts.plots[0]
    ticks = throughput.getAxis("bottom")._tickLevels[0]
    assert [label for _, label in ticks] == ["graph", "eager"]  # the verdicts' order: graph modes first
    bars = [i for i in throughput.items if type(i).__name__ == "BarGraphItem"]
    assert len(bars) == 2  # one item per framework


def test_a_script_only_session_counts_its_scripts_and_hides_the_framework_tables(
        qtbot: Any) -> None:
    from fwprof.results import RunResult, SessionRecord
    from fwprof.specs.script import ScriptSpec

    runs = [RunResult(f"r00{i}", ScriptSpec(script=name), status="ok", started_at=100.0 + i,
                      ended_at=100.5 + i) for i, name in enumerate(("a.py", "b.py"))]
    view = _view(qtbot)
    view.show_summary(build_summary(SessionRecord(config=SessionConfig(), runs=runs)))
    assert "2 of 2 runs ok" in view.title.text()
    assert view.scripts.isVisible()
    for widget in (view.verdicts_heading, view.comparisons, view.details_heading, view.details,
                   view.charts):
        assert not widget.isVisible()
    view.show_summary(build_summary(finished_record(TWO_MODES)))
    assert view.comparisons.isVisible() and view.details.isVisible()
    assert not view.scripts.isVisible()


def test_the_title_says_when_runs_were_sampled_slower_while_measured(qtbot: Any) -> None:
    record = finished_record(TWO_MODES)
    view = _view(qtbot)
    view.show_summary(build_summary(record))
    assert "while measured" not in view.title.text()
    for run in record.runs:
        run.info["measure_sample_rate_hz"] = 1.0
    view.show_summary(build_summary(record))
    assert "sampled at 1 Hz while measured" in view.title.text()
