"""The timeline view draws whatever its injected source yields."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from ui_fakes import finished_record

from fwprof.config import SessionConfig
from ui.views.timeline.live_buffer import LiveBatch, StaticSource, batch_from_record
from ui.views.timeline.timeline_view import PLOTS, TimelineView


class ScriptedSource:
    """A source that hands out prepared batches one per drain, then empty ones."""

    def __init__(self, batches: list[LiveBatch]) -> None:
        self.batches = list(batches)
        self.drains = 0

    def drain(self) -> LiveBatch:
        self.drains += 1
        return self.batches.pop(0) if self.batches else LiveBatch()


def _view(qtbot: Any, source: Any) -> TimelineView:
    view = TimelineView(source)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    return view


def _record(gpu: bool = False) -> Any:
    config = SessionConfig(modes=("eager",), repeats=1, max_repeats=1, steps=50, warmup=1)
    return finished_record(config, gpu=gpu)


def test_curves_exist_before_data_and_get_it_from_the_source(qtbot: Any) -> None:
    source = StaticSource(batch_from_record(_record()))
    view = _view(qtbot, source)
    curves_before = dict(view.curves)
    assert len(curves_before) == 2 * len(PLOTS)
    assert view.stack.currentIndex() == 0  # the empty-state hint
    view.start_live()
    qtbot.waitUntil(lambda: view.curves[("", "torch", "throughput")].xData is not None)
    view.stop_live()
    assert view.curves == curves_before  # updated in place, never recreated
    assert view.stack.currentIndex() == 1
    _, y = view.curves[("", "tensorflow", "throughput")].getData()
    assert np.nanmedian(y) == pytest.approx(128 / 0.003, rel=0.1)
    curve = view.curves[("", "torch", "cpu_percent")]
    assert curve.opts["autoDownsample"] and curve.opts["clipToView"]
    assert curve.opts["downsampleMethod"] == "peak"


def test_gpu_plots_appear_only_with_gpu_values(qtbot: Any) -> None:
    view = _view(qtbot, None)
    view.show_batch(batch_from_record(_record(gpu=False)))
    assert not view.plots["gpu_busy_percent"].isVisible()
    assert view.plots["rss_bytes"].getPlotItem().getAxis("bottom").isVisible()
    view.show_batch(batch_from_record(_record(gpu=True)))
    for metric in ("gpu_busy_percent", "gpu_mem_used_bytes", "gpu_power_w"):
        assert view.plots[metric].isVisible()
    assert not view.plots["rss_bytes"].getPlotItem().getAxis("bottom").isVisible()


def test_phases_are_shaded_and_the_crosshair_reads_out_the_run(qtbot: Any) -> None:
    record = _record()
    view = _view(qtbot, None)
    view.show_batch(batch_from_record(record))
    bands = view.bands["cpu_percent"]._spans
    assert {name for _, _, name in bands} == {"import", "build", "first_step", "warmup",
                                             "measure"}
    measure = record.runs[1].phase("measure")
    origin = view.layers[""].origin
    view.crosshair.move_to((measure.start + measure.end) / 2 - origin)
    text = view.readout.text()
    assert "TensorFlow" in text and "mlp train eager #1" in text and "measure" in text
    assert "samples/s" in text
    assert view.crosshair.lines["throughput"].isVisible()


def test_the_timer_drains_the_source_while_live(qtbot: Any) -> None:
    source = ScriptedSource([])
    view = _view(qtbot, source)
    view.start_live()
    qtbot.waitUntil(lambda: source.drains >= 3, timeout=2000)
    view.stop_live()
    drains = source.drains
    qtbot.wait(150)
    assert source.drains == drains


def test_a_second_layer_is_dashed_and_cleared_again(qtbot: Any) -> None:
    view = _view(qtbot, None)
    view.show_batch(batch_from_record(_record()))
    view.show_batch(batch_from_record(_record()), layer="B")
    dashed = view.curves[("B", "torch", "throughput")]
    assert dashed.opts["pen"].style() != view.curves[("", "torch", "throughput")].opts["pen"].style()
    view.clear()
    assert ("B", "torch", "throughput") not in view.curves and set(view.layers) == {""}
    assert view.stack.currentIndex() == 0


def _script_run(run_id: str, name: str, start: float, steps: int) -> Any:
    from fwprof.results import PhaseSpan, RunResult
    from fwprof.sampling.store import TimeSeriesStore
    from fwprof.specs.script import ScriptSpec

    store = TimeSeriesStore()
    for i in range(10):
        store.append(start + 0.1 * i, {"cpu_percent": 120.0, "rss_bytes": 2e8})
    run = RunResult(run_id, ScriptSpec(script=name), status="ok", started_at=start,
                    ended_at=start + 1.0, phases=[PhaseSpan("measure", start + 0.2, start + 0.9)],
                    series=store.to_dict())
    ends = [start + 0.2 + 0.01 * (i + 1) for i in range(steps)]
    run.steps.append(ends, [0.01] * steps)
    return run


def test_a_script_run_gets_its_own_curves_with_steps_per_second(qtbot: Any) -> None:
    from fwprof.results import SessionRecord
    from ui.views.session.run_queue import row_from_run

    run = _script_run("r001", "train.py", 100.0, 50)
    record = SessionRecord(config=SessionConfig(), runs=[run])
    view = _view(qtbot, None)
    view.show_batch(batch_from_record(record))
    _x, y = view.curves[("", "script:train.py", "cpu_percent")].getData()
    assert np.nanmax(y) == 120.0
    _x, y = view.curves[("", "script:train.py", "throughput")].getData()
    assert np.nanmax(y) == pytest.approx(100.0)  # 0.01 s a step (the first not counted)
    assert view.plots["throughput"].getPlotItem().getAxis("left").labelText == "steps/s"
    legend = view.legend.text()
    assert "train.py" in legend and "steps/s" in legend
    assert "PyTorch" not in legend and "TensorFlow" not in legend
    view.crosshair.move_to(0.5)
    readout = view.readout.text()
    assert "train.py" in readout and "steps/s" in readout and "samples/s" not in readout
    row = row_from_run(run)
    assert (row.framework, row.label, row.steps_total, row.steps_done) == (
        "script:train.py", "train.py", 0, 50)


def test_each_script_run_has_its_own_colour_in_timeline_queue_and_results(qtbot: Any) -> None:
    from fwprof.outputs.summary import build_summary
    from fwprof.results import SessionRecord
    from ui.views.results.results_view import ResultsView
    from ui.views.session.run_queue import row_from_run

    runs = [_script_run("r001", "first.py", 100.0, 20), _script_run("r002", "second.py", 101.5, 20)]
    record = SessionRecord(config=SessionConfig(), runs=runs)
    view = _view(qtbot, None)
    view.show_batch(batch_from_record(record))
    theme = view.theme
    pens = {name: view.curves[("", f"script:{name}", "throughput")].opts["pen"].color().name()
            for name in ("first.py", "second.py")}
    assert pens["first.py"] != pens["second.py"]
    for name, colour in pens.items():
        assert colour in view.legend.text()
        assert theme.framework_colour(row_from_run(runs[0 if name == "first.py" else 1]
                                                   ).framework).name() == colour
    results = ResultsView(theme, charts_factory=lambda _t: QWidget())
    qtbot.addWidget(results)
    results.show_summary(build_summary(record))
    table = results.scripts.table.proxy
    shown = {table.index(r, 0).data(): table.index(r, 0).data(Qt.ItemDataRole.DecorationRole)
             for r in range(table.rowCount())}
    assert {k: v.name() for k, v in shown.items()} == pens
