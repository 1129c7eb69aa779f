"""The Convergence tab and the recommendations on the Results tab."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from ui_converge import converge_record

from fwprof.outputs.summary import build_summary
from ui.base.theme import DARK, LIGHT
from ui.controllers.host import Tab
from ui.views.converge.convergence_view import EMPTY, ConvergenceView
from ui.views.results.results_view import ResultsView


def _view(qtbot: Any) -> ConvergenceView:
    view = ConvergenceView(LIGHT)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def test_both_frameworks_curves_with_their_range_and_the_table(qtbot: Any) -> None:
    summary = build_summary(converge_record())
    view = _view(qtbot)
    view.show_summary(summary)
    assert view.table.proxy.rowCount() == 2
    assert {view.table.proxy.index(r, 1).data() for r in range(2)} == {"PyTorch", "TensorFlow"}
    assert view.table.proxy.index(0, 8).data() == "3/3"
    entry = summary.converge.entries[0]
    for plot, key in zip(view.plots, ("step", "train_s"), strict=True):
        fills = [i for i in plot.items if isinstance(i, pg.FillBetweenItem)]
        means = [i for i in plot.listDataItems() if i.name()]
        assert len(fills) == 2 and len(means) == 2
        xs, ys = means[0].getData()
        curve = entry.frameworks["torch"].curve
        assert list(xs) == list(curve.xs(key)) and abs(ys[-1] - curve.mean[-1] * 100) < 1e-9
        assert any(isinstance(i, pg.InfiniteLine) for i in plot.items)
    assert "Parity (parity)" in view.parity.text() and "same batch order: yes" in view.parity.text()
    view.apply_theme(DARK)
    view.show_summary(None)
    assert view.title.text() == EMPTY and view.table.proxy.rowCount() == 0


def test_a_diverged_study_shows_the_reason(qtbot: Any) -> None:
    view = _view(qtbot)
    view.show_summary(build_summary(converge_record(finals={"torch": 0.975, "tensorflow": 0.92})))
    assert "Parity (diverged)" in view.parity.text() and "final accuracy differs" in view.parity.text()
    assert "recommendation(s)</b> on the Results tab" in view.advice.text()
    assert "do not train alike" in view.advice.text() and not view.advice.isHidden()


def test_the_results_tab_lists_the_recommendations(qtbot: Any) -> None:
    summary = build_summary(converge_record(finals={"torch": 0.975, "tensorflow": 0.92}))
    view = ResultsView(LIGHT, charts_factory=lambda theme: pg.PlotWidget())
    qtbot.addWidget(view)
    view.show_summary(summary)
    count = len(summary.recommendations)
    assert count >= 2 and f"Recommendations ({count})" in view.recommendations_heading.text()
    text = view.recommendations.toPlainText()
    assert "the frameworks do not train alike" in text and "Evidence:" in text and "Try:" in text
    view.show_summary(None)
    assert "No recommendations" in view.recommendations.toPlainText()


def test_the_window_opens_a_convergence_session_on_its_tab(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    summary = build_summary(converge_record())
    window.results.show_summary(summary, "converge.fwprof")
    window.select_tab(Tab.RESULTS)
    assert window.tabs.currentIndex() == Tab.CONVERGENCE
    assert window.convergence_pane.content.table.proxy.rowCount() == 2
    window.select_tab(Tab.CODE)
    qtbot.waitUntil(lambda: window.code_pane.content is not None, timeout=5000)
    assert window.code_pane.content.workloads[0] == "mlp"
