"""Empty charts say so ("no data yet", "no results yet", "not measured in this session", "no
convergence runs in this session") instead of bare axes or overlapping tick labels; the
results title drops "not saved yet" once saved."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ui_fakes import finished_record

from fwprof.config import SessionConfig
from fwprof.outputs.summary import build_summary
from fwprof.results import StepLog
from ui.views.converge.convergence_view import ConvergenceView
from ui.views.results.bar_charts import BarCharts
from ui.views.results.tick_labels import FittedTicks, fit_ticks
from ui.views.timeline.live_buffer import batch_from_record
from ui.views.timeline.timeline_view import TimelineView
from ui.widgets.plot_placeholder import has_placeholder, placeholder_text

CONFIG = SessionConfig(modes=("eager",), repeats=1, max_repeats=1, steps=50, warmup=1)


def _shows_values(plot: Any) -> bool:
    return all(plot.getAxis(name).style["showValues"] for name in ("left", "bottom"))


def test_bar_charts_before_a_session_say_no_results_yet(qtbot: Any) -> None:
    charts = BarCharts()
    qtbot.addWidget(charts)
    assert [placeholder_text(plot) for plot in charts.plots] == ["no results yet"] * 4
    assert not any(_shows_values(plot) for plot in charts.plots)  # no ticks around 0 to crowd
    charts.show_section(build_summary(finished_record(CONFIG)).comparison)
    throughput = charts.plots[0]
    assert not has_placeholder(throughput) and _shows_values(throughput)
    assert throughput.getViewBox().viewRange()[1][0] >= 0  # the axis starts at 0, not below


def test_a_chart_without_any_value_says_it_was_not_measured(qtbot: Any) -> None:
    section = build_summary(finished_record(CONFIG)).comparison
    section = replace(section, groups=tuple(replace(group, first_step_s=None)
                                            for group in section.groups))
    charts = BarCharts()
    qtbot.addWidget(charts)
    charts.show_section(section)
    texts = [placeholder_text(plot) for plot in charts.plots]  # the fake records no peak RSS
    assert texts == ["", "", "not measured in this session", "not measured in this session"]


def test_timeline_plots_say_no_data_yet_until_their_first_value(qtbot: Any) -> None:
    record = finished_record(CONFIG)
    started = finished_record(CONFIG)
    for run in started.runs:  # runs that are sampled but have not stepped yet
        run.steps = StepLog()
    view = TimelineView(None)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.show_batch(batch_from_record(started))
    throughput, cpu = view.plots["throughput"].getPlotItem(), view.plots["cpu_percent"].getPlotItem()
    assert placeholder_text(throughput) == "no data yet" and not _shows_values(throughput)
    assert not has_placeholder(cpu) and _shows_values(cpu)
    view.clear()
    view.show_batch(batch_from_record(record))
    assert not has_placeholder(throughput) and _shows_values(throughput)
    assert view.plots["throughput"].getPlotItem().getViewBox().viewRange()[1][0] >= 0


def test_convergence_tab_without_convergence_runs_has_no_empty_axes(qtbot: Any) -> None:
    view = ConvergenceView()
    qtbot.addWidget(view)
    view.show()
    view.show_summary(build_summary(finished_record(CONFIG)))
    assert "No convergence runs in this session" in view.title.text()
    assert view.canvas.isHidden() and view.table.isHidden()


def test_not_saved_yet_goes_once_saved(qtbot: Any, make_window: Any, tmp_path: Path) -> None:
    window = make_window()
    window.setup.set_config(CONFIG)
    with qtbot.waitSignal(window.worker.stopped_running, timeout=10_000):
        window.commands.run.trigger()
    qtbot.waitUntil(lambda: window.document is not None, timeout=10_000)
    assert "not saved yet" in window.results.title.text()
    window.files.save_to(tmp_path / "kept.fwprof")
    qtbot.waitUntil(lambda: "kept.fwprof" in window.results.title.text(), timeout=10_000)
    assert "not saved yet" not in window.results.title.text()


def test_tick_names_that_do_not_fit_become_numbers_with_a_key() -> None:
    names = ["mlp train eager", "mlp train graph", "cnn infer compiled"]
    def width(text: str) -> float:
        return 7.0 * len(text)
    assert fit_ticks(names, 200, width) == FittedTicks(list(enumerate(names)), "")
    narrow = fit_ticks(names, 60, width)
    assert narrow.ticks == [(0, "1"), (1, "2"), (2, "3")]
    assert narrow.key == "1 mlp train eager · 2 mlp train graph · 3 cnn infer compiled"
    assert [t for _, t in fit_ticks(names * 10, 12, width).ticks][:3] == ["1", "3", "5"]


def test_many_configurations_in_a_narrow_chart_never_overlap(qtbot: Any) -> None:
    config = SessionConfig(workloads=("mlp", "cnn", "lstm"), tasks=("train", "infer"),
                           modes=("eager", "graph"), repeats=1, max_repeats=1, steps=30, warmup=1)
    charts = BarCharts()
    qtbot.addWidget(charts)
    charts.resize(560, 420)
    charts.show()
    charts.show_section(build_summary(finished_record(config)).comparison)
    qtbot.waitUntil(lambda: charts.key.isVisible(), timeout=5000)
    ticks = charts.plots[0].getAxis("bottom")._tickLevels[0]
    assert all(label.isdigit() for _, label in ticks)
    assert "2 cnn infer eager" in charts.key.text()
    charts.resize(3000, 900)  # wide enough: the names come back, the key goes
    qtbot.waitUntil(lambda: not charts.key.isVisible(), timeout=5000)
    assert not charts.plots[0].getAxis("bottom")._tickLevels[0][0][1].isdigit()
