"""GPU-honest step times: CUDA events per step read in batches (fake events here: no GPU), the
run's step clock in the summary, and CPU runs unchanged (real PyTorch)."""

from __future__ import annotations

import json
import textwrap
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from cli_runner import fwprof as run_fwprof

from fwprof.results import RunResult, StepLog
from fwprof.scenarios.profile.cuda_steps import ENV, CudaStepTimer, OptimizerStepTiming
from fwprof.scenarios.profile.report import script_summary
from fwprof.scenarios.profile.script_verdict import steady_rates
from fwprof.scenarios.profile.step_clock import CUDA_EVENTS, HOST, HOST_SIDE, step_times_text
from fwprof.specs.script import ScriptSpec

fwprof = partial(run_fwprof, timeout=120)


class FakeGpu:
    """A stream whose kernels run one after another: each step queues ``work_ms`` of work."""

    def __init__(self) -> None:
        self.now_ms = 0.0  # the GPU's progress
        self.queued_until_ms = 0.0
        self.made = 0
        self.broken = False  # recording fails, as under an unsupported stream state

    def queue(self, work_ms: float) -> None:
        self.queued_until_ms += work_ms

    def event(self) -> FakeEvent:
        self.made += 1
        return FakeEvent(self)


class FakeEvent:
    """``torch.cuda.Event(enable_timing=True)``: completes when the work queued before it has."""

    def __init__(self, gpu: FakeGpu) -> None:
        self.gpu = gpu
        self.at_ms: float | None = None

    def record(self, stream: Any = None) -> None:
        if self.gpu.broken:
            raise RuntimeError("CUDA error: operation not permitted")
        self.at_ms = self.gpu.queued_until_ms

    def query(self) -> bool:
        return self.at_ms is not None and self.gpu.now_ms >= self.at_ms

    def elapsed_time(self, end: FakeEvent) -> float:
        assert self.query() and end.query(), "elapsed_time of an event that has not completed"
        assert self.at_ms is not None and end.at_ms is not None
        return end.at_ms - self.at_ms


def test_events_are_read_when_done_without_waiting_and_reused() -> None:
    gpu = FakeGpu()
    timer = CudaStepTimer(gpu.event)
    for work in (10.0, 20.0, 30.0, 40.0):  # the host races ahead: 4 steps queued at once
        gpu.queue(work)
        timer.mark()
    assert timer.drain() == []  # nothing has run on the GPU yet: no wait, no value
    gpu.now_ms = 60.0  # the first three steps are done
    assert timer.drain() == pytest.approx([0.020, 0.030])  # between consecutive finished events
    gpu.now_ms = 100.0
    assert timer.drain() == pytest.approx([0.040])
    assert timer.in_flight == 1  # the last event waits for a next step
    for _ in range(20):
        gpu.queue(5.0)
        timer.mark()
        gpu.now_ms = gpu.queued_until_ms
        assert timer.drain() == pytest.approx([0.005])
    assert gpu.made <= 6  # pooled: only as many events as were ever in flight at once


def _optimizer(is_cuda: bool) -> SimpleNamespace:
    param = SimpleNamespace(is_cuda=is_cuda, device="cuda:0" if is_cuda else "cpu")
    return SimpleNamespace(param_groups=[{"params": [param]}])


def test_timing_starts_only_for_cuda_parameters_and_when_not_turned_off(
        monkeypatch: pytest.MonkeyPatch) -> None:
    gpu, sent, started = FakeGpu(), list[list[float]](), list[bool]()

    def timing() -> OptimizerStepTiming:
        return OptimizerStepTiming(None, sent.append, lambda torch, device: CudaStepTimer(gpu.event),
                                   on_start=lambda: started.append(True))

    cpu = timing()
    cpu.step(_optimizer(False))
    cpu.poll()
    assert cpu.timer is None and gpu.made == 0 and not started
    monkeypatch.setenv(ENV, "0")
    off = timing()
    off.step(_optimizer(True))
    assert off.timer is None
    monkeypatch.delenv(ENV)
    cuda = timing()
    for _ in range(3):
        gpu.queue(7.0)
        cuda.step(_optimizer(True))
    gpu.now_ms = gpu.queued_until_ms
    cuda.poll()
    assert started == [True] and sent == [pytest.approx([0.007, 0.007])]


def _gpu_run(host: list[float], gpu_s: list[float] | None, gpu_memory: int = 0) -> RunResult:
    run = RunResult(run_id="r001", spec=ScriptSpec(script="train.py"), status="ok")
    durations = np.asarray(host)
    run.steps = StepLog(np.cumsum(durations), durations)
    run.info["step_source"], run.info["step_sources"] = "auto", ["torch"]
    if gpu_s is not None:
        run.events.append({"k": "gpu_steps", "t": 1.0, "dur": gpu_s, "src": "torch"})
    run.resources = {"gpu": {"proc_mem_bytes_peak": gpu_memory}}
    return run


def test_summary_says_which_clock_and_verdicts_use_gpu_times() -> None:
    # Host-side: most steps return at once, one in ten waits for the queue; the GPU is steady.
    host = [2.0] + [0.002, 0.002, 0.002, 0.002, 0.002, 0.002, 0.002, 0.002, 0.002, 0.182] * 10
    timed = script_summary(_gpu_run(host, [0.020] * 99, gpu_memory=2**30)).step_times
    assert timed.clock == CUDA_EVENTS
    assert timed.gpu_step_ms is not None and timed.gpu_step_ms.p50 == pytest.approx(20.0)
    assert step_times_text(timed) == ("GPU step p50 20 ms, p99 20 ms (CUDA events, 99 steps; "
                                      "other step times are host-side)")
    assert steady_rates([_gpu_run(host, [0.020] * 99)])["r001"] == pytest.approx(50.0)
    assert steady_rates([_gpu_run(host, None)])["r001"] == pytest.approx(500.0)  # host: misleading
    untimed = script_summary(_gpu_run(host, None, gpu_memory=2**30)).step_times
    assert untimed.to_json() == {"clock": HOST_SIDE, "gpu_step_ms": None}
    assert "host-side" in str(step_times_text(untimed))
    cpu = script_summary(_gpu_run(host, None)).step_times
    assert cpu.clock == HOST and step_times_text(cpu) is None


def test_a_cpu_torch_run_is_unchanged(tmp_path: Path) -> None:
    """Real PyTorch on CPU: no CUDA event, no GPU step times, nothing said about the clock."""
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent("""\
        import torch
        model = torch.nn.Linear(8, 2)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        x, y = torch.randn(16, 8), torch.randn(16, 2)
        for _ in range(30):
            opt.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            opt.step()
        assert not torch.cuda.is_initialized()
    """))
    result = fwprof("profile", "--quiet", "--json", str(script))
    assert result.returncode == 0, result.stderr[-2000:]
    [run] = json.loads(result.stdout[result.stdout.index("{"):])["scripts"]
    assert run["steps"] == 30 and run["step_times"] == {"clock": HOST, "gpu_step_ms": None}


def test_gpu_step_events_pass_the_protocol_and_are_kept_with_the_run() -> None:
    from fwprof.launch.queue import apply_event
    from fwprof.protocol import decode, encode

    event = decode(encode("gpu_steps", dur=[0.02, 0.021], src="torch"))
    run = _gpu_run([1.0, 0.1, 0.1], None)
    apply_event(run, event)
    gpu_ms = script_summary(run).step_times.gpu_step_ms
    assert gpu_ms is not None and gpu_ms.count == 2


def test_html_and_markdown_tables_say_when_step_times_are_host_side() -> None:
    from fwprof.scenarios.profile.html import scripts_table
    from fwprof.scenarios.profile.markdown import script_table

    host = [2.0] + [0.01] * 20
    timed, untimed = _gpu_run(host, [0.02] * 20, 2**30), _gpu_run(host, None, 2**30)
    untimed.run_id = "r002"
    summary = [script_summary(timed), script_summary(untimed)]
    html, markdown = scripts_table(summary), "\n".join(script_table(summary))
    for text in (html, markdown):
        assert "Step times in the table are host-side" in text
        assert "r001: GPU step p50 20 ms, p99 20 ms (CUDA events, 20 steps; " in text
        assert "r002: step times host-side" in text
    cpu = [script_summary(_gpu_run(host, None))]
    assert "host-side" not in scripts_table(cpu) + "\n".join(script_table(cpu))


def test_a_failing_event_turns_timing_off_with_a_note_and_capture_is_skipped() -> None:
    gpu, notes, capturing = FakeGpu(), list[str](), [False]
    torch = SimpleNamespace(cuda=SimpleNamespace(is_current_stream_capturing=lambda: capturing[0]))
    timing = OptimizerStepTiming(torch, lambda durations: None,
                                 lambda torch, device: CudaStepTimer(gpu.event),
                                 on_error=notes.append)
    capturing[0] = True
    timing.step(_optimizer(True))  # inside a CUDA graph capture: no event
    assert timing.timer is not None and timing.timer.marks == 0
    capturing[0] = False
    gpu.broken = True
    timing.step(_optimizer(True))  # the script's optimizer.step() must not see it
    assert timing.timer is None
    assert notes == ["CUDA step timing stopped (RuntimeError: CUDA error: operation not permitted); "
                     "step times are host-side from here on"]
