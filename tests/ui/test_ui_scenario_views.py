"""Every core scenario has a view in the app (ui.app.scenario_views); the Scaling tab shows a
distributed session's scaling and per-rank tables, with the core's cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fwprof.outputs.summary import build_summary
from fwprof.render.fmt import throughput_ci
from fwprof.scenarios.distributed.cells import HEADERS, RANK_HEADERS, rank_rows, scaling_rows
from fwprof.scenarios.registry import SCENARIOS
from fwprof.snapshot import load_snapshot
from ui.app.scenario_views import OWN_TABS, SCENARIO_VIEWS, opening_tab, view_of
from ui.controllers.host import Tab
from ui.views.distributed.scaling_view import ScalingView, number_key

DDP = Path(__file__).resolve().parents[1] / "data" / "v3-distributed-ddp.fwprof"


def test_every_core_scenario_has_a_gui_view() -> None:
    assert [view.scenario for view in SCENARIO_VIEWS] == [scenario.name for scenario in SCENARIOS]
    for scenario in SCENARIOS:
        view = view_of(scenario.name)
        assert view.tab == Tab.RESULTS or OWN_TABS[view.tab] is view
    assert opening_tab([]) == Tab.RESULTS and opening_tab(["distributed"]) == Tab.SCALING
    assert opening_tab(["compare", "deploy"]) == Tab.RESULTS and opening_tab(["deploy"]) == Tab.DEPLOY


def _table(view: Any) -> list[list[str]]:
    model = view.source
    return [[model.item(r, c).text() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_scaling_view_shows_the_cores_scaling_and_rank_cells(qtbot: Any) -> None:
    summary = build_summary(load_snapshot(DDP))
    view = ScalingView()
    qtbot.addWidget(view)
    view.show_summary(summary)
    entries = summary.distributed.scaling
    assert _table(view.table) == scaling_rows(entries, noisy_mark="*") and len(_table(view.table)) == 4
    assert _table(view.table)[2][HEADERS.index("samples/s [95% CI]")].endswith("]*")  # mlp: noisy
    assert _table(view.ranks) == rank_rows(entries) and len(_table(view.ranks)) == 6
    # the real numbers: cnn at 2 workers (PyTorch DDP on CUDA)
    cnn2 = next(e for e in entries if e.workload == "cnn").points[1]
    assert cnn2.throughput is not None
    row = _table(view.table)[1]
    column = dict(zip(HEADERS, row, strict=True))
    assert column["workers"] == "2"
    assert column["samples/s [95% CI]"] == throughput_ci(cnn2.throughput.to_json())
    assert column["samples/s [95% CI]"].startswith("630,010")
    assert column["speedup"] == f"{cnn2.speedup:.2f}x" == "1.86x"
    assert column["efficiency"] == "93%" and column["compute ms"] == "6.38"
    assert column["comm ms"] == "0.113 (2%)"
    rank = dict(zip(RANK_HEADERS, _table(view.ranks)[2], strict=True))
    assert (rank["workers"], rank["rank"], rank["comm ms"]) == ("2", "1", "0.033")
    assert "4 world sizes of 2 configurations" in view.title.text()
    assert not view.failed.isVisibleTo(view)
    view.show_summary(None)
    assert view.table.source.rowCount() == 0 and "No distributed runs" in view.title.text()


def test_numeric_cells_sort_by_their_number() -> None:
    assert number_key("2,185,879 [2,147,648–2,231,648] (noisy)") == 2185879.0
    assert number_key("0.113 (2%)") == 0.113 and number_key("1.86x") == 1.86
    assert number_key("–") == "–" and number_key("2 (2 nodes)") == 2.0


def test_opening_a_distributed_snapshot_shows_the_scaling_tab(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    scaling = window.tabs.indexOf(window.scaling_pane)
    assert scaling == Tab.SCALING and not window.tabs.isTabVisible(scaling)
    window.files.open_snapshot(DDP)
    qtbot.waitUntil(lambda: window.document is not None, timeout=10000)
    assert window.tabs.isTabVisible(scaling) and window.tabs.currentIndex() == scaling
    view = window.scaling_pane.content
    entries = build_summary(load_snapshot(DDP)).distributed.scaling
    assert _table(view.table) == scaling_rows(entries, noisy_mark="*")
    assert not window.tabs.isTabVisible(Tab.DEPLOY)
    window.results.show_summary(None)
    assert not window.tabs.isTabVisible(scaling)
