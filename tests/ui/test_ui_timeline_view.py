"""The timeline view draws whatever its injected source yields."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from ui_fakes import finished_record

from fwprof.config import SessionConfig
from ui.live_buffer import LiveBatch, StaticSource, batch_from_record
from ui.timeline_view import PLOTS, TimelineView


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
    return finished_record(SessionConfig(modes=("eager",), repeats=1, steps=50, warmup=1), gpu=gpu)


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


def test_a_script_run_gets_its_own_curves_and_no_throughput(qtbot: Any) -> None:
    from fwprof.results import PhaseSpan, RunResult, SessionRecord
    from fwprof.sampling.store import TimeSeriesStore
    from fwprof.script.spec import ScriptSpec
    from ui.run_queue import row_from_run

    store = TimeSeriesStore()
    for i in range(10):
        store.append(100.0 + 0.1 * i, {"cpu_percent": 120.0, "rss_bytes": 2e8})
    run = RunResult("r001", ScriptSpec(script="train.py"), status="ok", started_at=100.0,
                    ended_at=101.0, phases=[PhaseSpan("measure", 100.2, 100.9)],
                    series=store.to_dict())
    run.steps.append([100.5, 100.6], [0.1, 0.1])
    record = SessionRecord(config=SessionConfig(), runs=[run])
    view = _view(qtbot, None)
    view.show_batch(batch_from_record(record))
    _x, y = view.curves[("", "script", "cpu_percent")].getData()
    assert np.nanmax(y) == 120.0
    assert ("", "script", "throughput") not in view.curves
    view.crosshair.move_to(0.5)
    assert "train.py" in view.readout.text()
    row = row_from_run(run)
    assert (row.framework, row.label, row.steps_total, row.steps_done) == ("script", "train.py",
                                                                          0, 2)
