"""The Chrome trace export: schema, nesting, step aggregation and size."""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import numpy as np
from export_records import check_trace_nesting, check_trace_schema, synthetic_session

from fwprof.export.chrome_trace import STEP_SLICE_BUDGET, build_trace, counter_track, write_chrome_trace
from fwprof.results import StepLog


def test_trace_has_one_named_process_per_run_and_valid_events() -> None:
    record = synthetic_session(run_seconds=3.0)
    events = check_trace_schema(build_trace(record))
    names = {e["pid"]: e["args"]["name"] for e in events if e["name"] == "process_name"}
    assert names == {i + 1: run.spec.label for i, run in enumerate(record.runs)}
    assert names[1] == "torch mlp train eager #1"
    assert check_trace_nesting(events) > 0
    assert min(e["ts"] for e in events if "ts" in e) == 0  # relative to the session start


def test_phases_nest_in_the_run_and_every_step_is_a_slice() -> None:
    record = synthetic_session(run_seconds=2.0)
    events = build_trace(record)["traceEvents"]
    run = record.runs[0]
    phases = [e for e in events if e["pid"] == 1 and e.get("cat") == "phase"]
    assert [p["name"] for p in phases] == ["import", "build", "first_step", "warmup", "measure"]
    steps = [e for e in events if e["pid"] == 1 and e.get("cat") == "step"]
    assert len(steps) == len(run.steps)
    measured_ms = sum(s["dur"] for s in steps) / 1e3
    assert abs(measured_ms - run.step_durations.sum() * 1e3) < 0.01 * measured_ms


def test_overlapping_and_open_spans_are_clamped_into_their_parents() -> None:
    record = synthetic_session(run_seconds=2.0)
    run = record.runs[0]
    run.phases[-1].end = None  # a run that died while measuring
    run.phases[1].end = run.phases[2].end + 0.1  # build overlaps first_step
    ends = run.step_ends.copy()
    run.steps = StepLog(ends, run.step_durations * 1.5)  # durations longer than the gaps
    events = check_trace_schema(build_trace(record))
    assert check_trace_nesting(events) > 0
    open_phase = next(e for e in events if e.get("cat") == "phase" and e["name"] == "measure")
    assert open_phase["args"] == {"open": True}


def test_many_steps_become_blocks_that_cover_every_step() -> None:
    record = synthetic_session(run_seconds=60.0, step_s={"torch": 0.001, "tensorflow": 0.001})
    total = sum(len(run.steps) for run in record.runs)
    assert total > STEP_SLICE_BUDGET
    events = build_trace(record)["traceEvents"]
    blocks = [e for e in events if e.get("cat") == "steps"]
    assert 0 < len(blocks) <= STEP_SLICE_BUDGET
    assert not [e for e in events if e.get("cat") == "step"]
    assert sum(b["args"]["steps"] for b in blocks) == total
    assert check_trace_nesting(events) > 0


def test_counters_convert_bytes_and_skip_unmeasured_metrics() -> None:
    record = synthetic_session(run_seconds=2.0)
    events = build_trace(record)["traceEvents"]
    counters = [e for e in events if e["ph"] == "C"]
    rss = [e["args"]["MiB"] for e in counters if e["name"] == "rss"]
    assert rss and 250 < rss[0] < 350
    assert not [e for e in counters if e["name"].startswith("gpu")]  # all NaN: no GPU
    threads = [e for e in counters if e["name"] == "threads" and e["pid"] == 1]
    assert len(threads) == 1  # constant: only the first value is written
    assert counter_track("sys_cpu_core3_percent") == ("sys_cpu_core %", "3", 1.0)
    assert counter_track("gpu0_power_w") == ("gpu0_power", "W", 1.0)


def test_ten_minute_session_at_10_hz_stays_under_20_mb(tmp_path: Path) -> None:
    # 4 runs x 150 s = 10 minutes sampled at 10 Hz, 16 cores, 1 GPU, 3 processes, ~290k steps.
    record = synthetic_session(run_seconds=149.8, repeats=2, step_s={"torch": 0.001, "tensorflow": 0.004},
                               cores=16, gpus=1, pids=(1, 2, 3))
    assert sum(len(r.series["series"]["t"]) for r in record.runs) == 5992
    started = time.perf_counter()
    path = write_chrome_trace(record, tmp_path / "long.trace.json")[0]
    elapsed = time.perf_counter() - started
    size = path.stat().st_size
    print(f"10-minute 10 Hz trace: {size / 1e6:.2f} MB in {elapsed:.1f} s")
    assert size < 20e6
    events = check_trace_schema(json.loads(path.read_text()))
    check_trace_nesting(events)


def test_gz_suffix_writes_a_compressed_trace(tmp_path: Path) -> None:
    path = write_chrome_trace(synthetic_session(run_seconds=2.0), tmp_path / "t.json.gz")[0]
    doc = json.loads(gzip.decompress(path.read_bytes()))
    check_trace_schema(doc)


def test_runs_without_data_only_get_names() -> None:
    record = synthetic_session(run_seconds=2.0)
    skipped = record.runs[1]
    skipped.status, skipped.error, skipped.started_at, skipped.ended_at = "skipped", "no tf", None, None
    skipped.phases, skipped.steps, skipped.series = [], StepLog(), {}
    events = check_trace_schema(build_trace(record))
    assert {e["ph"] for e in events if e["pid"] == 2} == {"M"}
    assert np.isfinite([e["ts"] for e in events if "ts" in e]).all()


def test_the_nesting_check_catches_a_slice_crossing_its_parent() -> None:
    crossing = [{"ph": "X", "pid": 1, "tid": 1, "ts": 0.0, "dur": 10.0, "name": "parent"},
                {"ph": "X", "pid": 1, "tid": 1, "ts": 5.0, "dur": 10.0, "name": "child"}]
    try:
        check_trace_nesting(crossing)
    except AssertionError:
        return
    raise AssertionError("a crossing slice was not detected")
