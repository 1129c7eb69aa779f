"""The live buffer and the timeline data model (no widgets)."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from ui_fakes import FakeSession, finished_record

from fwprof.config import SessionConfig
from fwprof.launch.plan import plan_runs
from fwprof.results import RunResult, SessionRecord
from ui.views.setup.estimate import format_duration, session_seconds
from ui.views.timeline.live_buffer import LiveBuffer, batch_from_record
from ui.views.timeline.timeline_data import THROUGHPUT, TimelineData, throughput_segments


def test_throughput_segments_are_flat_chunks_in_samples_per_second() -> None:
    durations = np.full(40, 0.01)
    ends = 5.0 + np.cumsum(durations)
    x, y = throughput_segments(ends, durations, batch_size=100, chunk_s=0.1)
    assert y == pytest.approx(np.full(y.size, 10_000.0))
    assert x[0] == pytest.approx(5.0) and x[-1] == pytest.approx(ends[-1])
    assert x.size == 2 * 4  # four chunks of 0.1 s, two points each


def test_buffer_collects_from_threads_and_drains_once() -> None:
    config = SessionConfig(modes=("eager",), repeats=1, max_repeats=1, steps=50, warmup=1)
    buffer = LiveBuffer()
    session = FakeSession(config, (buffer,))
    worker = threading.Thread(target=session.run)
    worker.start()
    worker.join()
    batch = buffer.drain()
    assert batch.reset and [m.framework for m in batch.runs] == ["torch", "tensorflow"]
    assert sum(ends.size for _, ends, _ in batch.steps) == 100
    assert len(batch.samples) == 2 * 5 * 4 and len(batch.run_ends) == 2
    assert buffer.steps_done("r001") == 50 and buffer.current_phase("r002") == "measure"
    assert buffer.drain().is_empty()


def test_timeline_data_keeps_one_series_per_framework_with_gaps_between_runs() -> None:
    record = finished_record(SessionConfig(modes=("eager",), repeats=2, max_repeats=2, steps=40, warmup=1))
    data = TimelineData()
    data.ingest(batch_from_record(record))
    assert data.frameworks() == ["torch", "tensorflow"]
    torch_tput = data.series[("torch", THROUGHPUT)]
    assert np.isnan(torch_tput.y).sum() == 1  # two torch runs, one gap
    assert np.nanmedian(torch_tput.y) == pytest.approx(128 / 0.002, rel=0.1)
    assert np.nanmax(data.series[("tensorflow", "rss_bytes")].y) == pytest.approx(5e8 / 2**20)
    assert not data.has_values("gpu_busy_percent")
    first = record.runs[0]
    middle = (first.phase("measure").start + first.phase("measure").end) / 2 - data.origin
    assert data.run_at(middle).run_id == "r001"
    assert data.phase_at("r001", middle) == "measure"
    assert data.value_at("torch", "cpu_percent", 1e9) != data.value_at("torch", "cpu_percent", 0)


def test_phase_spans_of_a_recorded_session_are_closed() -> None:
    record = finished_record(SessionConfig(modes=("eager",), repeats=1, max_repeats=1, steps=20, warmup=1))
    data = TimelineData()
    data.ingest(batch_from_record(record))
    spans = data.phase_spans(live=False)
    assert len(spans) == 2 * 5 and all(end >= start for start, end, _ in spans)


def test_a_run_that_never_started_is_left_out() -> None:
    config = SessionConfig(modes=("eager",), repeats=1, max_repeats=1)
    record = SessionRecord(config=config, runs=[RunResult("r001", plan_runs(config)[0])])
    batch = batch_from_record(record)
    assert not batch.runs and batch.reset


def test_estimate_is_rough_but_ordered() -> None:
    quick = plan_runs(SessionConfig(modes=("eager", "graph"), repeats=1, max_repeats=1))
    full = plan_runs(SessionConfig(workloads=("mlp", "cnn", "lstm", "transformer"),
                                   tasks=("train", "infer"),
                                   modes=("eager", "graph", "compiled"), repeats=3, max_repeats=3, steps=200))
    assert 10 < session_seconds(quick) < 120 < session_seconds(full)
    assert format_duration(42) == "about 40 s" and format_duration(600) == "about 10 min"
    assert format_duration(4000) == "about 1 h 07 min"


def test_series_in_the_sampler_snapshot_layout_are_read() -> None:
    record = finished_record(SessionConfig(modes=("eager",), repeats=1, max_repeats=1, steps=20, warmup=1))
    for run in record.runs:  # RunSampler.to_dict nests the store under "series"
        run.series = {"pid": 1, "rate_hz": 10.0, "series": run.series, "processes": []}
    batch = batch_from_record(record)
    assert [block.t.size for block in batch.sample_blocks] == [20, 20]
    assert "cpu_percent" in batch.sample_blocks[0].columns
