"""Framework allocator memory per step block, and the memory / GPU-activity table per run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from cli_runner import fwprof
from export_records import store_dict, synthetic_session

from fwprof.child.allocator import MEMORY_EVENT, AllocatorProbe, allocator_reader
from fwprof.child.emitter import StepRecorder
from fwprof.export.html_report import render_html
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.protocol import EVENT_KINDS, now
from fwprof.report.run_resources import allocator_figures, run_resources
from fwprof.results import RunResult, SessionRecord
from fwprof.sampling.store import TimeSeriesStore
from fwprof.snapshot import load_snapshot

MIB = 2**20


class Emitted(list[tuple[str, dict[str, Any]]]):
    """An emitter that keeps what it was asked to send."""

    def emit(self, kind: str, **fields: Any) -> None:
        self.append((kind, fields))


def test_on_a_cpu_both_frameworks_say_why_once() -> None:
    assert MEMORY_EVENT in EVENT_KINDS
    for framework in ("torch", "tensorflow"):
        read, source, note = allocator_reader(framework, "cpu")
        assert read is None and source and note.startswith("not available: ") and "CPU" in note
        sent = Emitted()
        probe = AllocatorProbe.for_run(sent, framework, "cpu")  # type: ignore[arg-type]
        probe()
        probe()
        assert [kind for kind, _ in sent] == [MEMORY_EVENT]


def test_a_reading_after_every_step_block_and_a_failure_said_once() -> None:
    sent = Emitted()
    readings = iter([{"allocated_bytes": 5 * MIB, "reserved_bytes": 8 * MIB,
                      "peak_allocated_bytes": 6 * MIB}])
    # A GPU's reader that has one reading, then fails.
    probe = AllocatorProbe(sent, lambda: next(readings), "torch.cuda", "")  # type: ignore[arg-type]
    recorder = StepRecorder(sent, flush_s=0.0, on_flush=probe)  # type: ignore[arg-type]
    t = now()
    for step in range(3):
        recorder.record(t + step, t + step + 1)
    kinds = [kind for kind, _ in sent]
    assert kinds == ["steps", MEMORY_EVENT, "steps", MEMORY_EVENT, "steps"]
    assert sent[1][1]["allocated_bytes"] == 5 * MIB
    assert sent[3][1]["note"].startswith("not available: the reading failed (StopIteration")


def _gpu_session() -> SessionRecord:
    record = synthetic_session()
    torch_run, tf_run = record.runs
    torch_run.events += [
        {"k": MEMORY_EVENT, "t": 1.0, "source": "torch.cuda", "allocated_bytes": 100 * MIB,
         "reserved_bytes": 160 * MIB, "peak_allocated_bytes": 120 * MIB},
        {"k": MEMORY_EVENT, "t": 2.0, "source": "torch.cuda", "allocated_bytes": 90 * MIB,
         "reserved_bytes": 192 * MIB, "peak_allocated_bytes": 130 * MIB}]
    # Whole-run means (what the sampler's summary holds) include the idle start-up ...
    torch_run.resources["gpu"] = {"available": True, "busy_percent_mean": 60.0,
                                  "proc_mem_bytes_peak": 300 * MIB, "sm_active_percent_mean": 20.0}
    # ... the table shows the measure phase, from the series.
    measured = {"gpu_busy_percent": 99.0, "gpu_sm_active_percent": 41.0, "gpu_sm_occupancy_percent": 22.0,
                "gpu_tensor_active_percent": 7.0, "gpu_dram_bw_percent": 35.0}
    _with_gpu_series(torch_run, measured)
    tf_run.events.append({"k": MEMORY_EVENT, "t": 1.0, "source": "tf", "note": "not available: test reason"})
    tf_run.resources["gpu"] = {"available": True, "busy_percent_mean": 80.0}
    tf_run.resources["unavailable"] = {"gpu_sm_active_percent": "NVML GPM is not supported on this GPU"}
    _with_gpu_series(tf_run, {"gpu_busy_percent": 80.0})
    return record


def _with_gpu_series(run: RunResult, measured: dict[str, float]) -> None:
    """Columns reading ``measured`` inside the measure phase and 0 before it."""
    store = TimeSeriesStore.from_dict(run.series["series"])
    t, _ = store.series("cpu_percent")
    columns = {name: store.series(name)[1] for name in store.names()}
    span = run.phase("measure")
    assert span is not None
    for name, value in measured.items():
        columns[name] = np.where(t >= span.start, value, 0.0)
    run.series["series"] = store_dict(t, columns, {})


def test_peaks_per_run_and_the_reasons_where_none() -> None:
    record = _gpu_session()
    torch_figures = allocator_figures(record.runs[0])
    assert torch_figures == {"source": "torch.cuda", "readings": 2, "allocated_bytes_peak": 100 * MIB,
                             "reserved_bytes_peak": 192 * MIB, "peak_allocated_bytes": 130 * MIB, "note": ""}
    rows = run_resources(record.runs)
    assert rows[0]["gpu"]["sm_active_percent"] == 41.0 and rows[1]["gpu"]["sm_active_percent"] is None
    assert rows[1]["gpu_note"] == "NVML GPM is not supported on this GPU"
    assert rows[1]["allocator"]["allocated_bytes_peak"] is None
    assert run_resources(synthetic_session().runs) == []  # nothing to show: no table


def test_text_json_and_html_show_them_next_to_process_memory() -> None:
    record = _gpu_session()
    summary = build_summary(record)
    as_json = json.loads(json.dumps(summary.to_json()))
    assert as_json["run_resources"][0]["allocator"]["reserved_bytes_peak"] == 192 * MIB
    text = render_summary(summary)
    assert "Memory and GPU activity per run" in text
    torch_line = next(line for line in text.splitlines() if line.startswith("r001 torch"))
    assert "296 MiB" in torch_line and "100 MiB" in torch_line and "192 MiB" in torch_line
    assert torch_line.split()[-5:] == ["99", "41", "22", "7", "35"]
    assert "r002: not available: test reason" in text
    assert "r002: NVML GPM is not supported on this GPU" in text
    html = render_html(record)
    assert "<h2>Memory and GPU activity</h2>" in html and "SM active %" in html and "192 MiB" in html


@pytest.mark.slow
def test_real_frameworks_on_the_cpu_say_unavailable(tmp_path: Path) -> None:
    snapshot = tmp_path / "x.fwprof"
    result = fwprof("run", "--workload", "mlp", "--mode", "eager", "--repeats", "1", "--steps", "10",
                    "--warmup", "2", "--quiet", "-o", str(snapshot))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Framework allocator memory and GPU activity: not measured" in result.stdout
    assert "Memory and GPU activity per run" not in result.stdout  # no table of dashes on a CPU
    assert "PyTorch's allocator statistics" in result.stdout
    assert "TensorFlow reports allocator" in result.stdout
    record = load_snapshot(snapshot)
    for run in record.runs:
        events = [e for e in run.events if e.get("k") == MEMORY_EVENT]
        assert len(events) == 1 and events[0]["note"].startswith("not available: "), events
    rows = build_summary(record).run_resources
    assert {row["run_id"] for row in rows} == {run.run_id for run in record.runs}
    assert all(row["allocator"]["allocated_bytes_peak"] is None and row["gpu"] is None for row in rows)
