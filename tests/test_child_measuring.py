"""What the child measures: warm-up until stable (capped), a measure phase of at least
``min_time_s``, parameters counted at run time, tracing timed as the first step, and a
torch.compile'd train step that compiles the optimizer update too.

The detector and the loops are tested with synthetic step times; the rest with real torch and
TensorFlow, in fresh ``fwprof.child`` processes where threads or phases matter.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fwprof.child.backend import StepFn
from fwprof.child.emitter import EventEmitter, StepRecorder
from fwprof.child.loop import measure_steps
from fwprof.child.warmup import StabilityDetector, warm_up
from fwprof.config import RunSpec
from fwprof.protocol import Event, decode

ROOT = Path(__file__).resolve().parents[1]
#: Trainable values of the MLP 784-256-256-10: weights and biases of its three dense layers.
MLP_PARAMETERS = (784 * 256 + 256) + (256 * 256 + 256) + (256 * 10 + 10)


class FakeClock:
    """A clock that only moves when a fake step says how long it took."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def _stepper(clock: FakeClock, durations: Iterator[float]) -> StepFn:
    def step() -> None:
        clock.t += next(durations)

    return step


def _first_stable(durations: list[float]) -> int | None:
    detector = StabilityDetector()
    return next((i for i, d in enumerate(durations) if detector.add(d)), None)


def test_steps_that_start_slow_then_settle_are_judged_stable_only_after_they_settle() -> None:
    rng = random.Random(0)
    slow = [0.05 - 0.0012 * i for i in range(40)]  # 50 ms falling to ~3 ms
    settled = [0.002 * rng.uniform(0.97, 1.03) for _ in range(400)]
    found = _first_stable(slow + settled)
    assert found is not None and found >= len(slow)
    # two windows of at least 0.1 s of ~2 ms steps after the settling: about 100 steps
    assert found <= len(slow) + 130


def test_a_steady_drift_is_never_stable_and_hits_the_cap() -> None:
    clock = FakeClock()
    drifting = (0.001 * 1.02**i for i in range(10**6))  # 2 % slower every step
    report = warm_up(_stepper(clock, drifting), fixed_steps=5, max_s=3.0, clock=clock)
    assert report.stable is False and report.change is not None and report.change > 0.05
    assert 3.0 <= report.seconds < 3.0 + 1.0 and report.cap_s == 3.0


def test_tiny_steps_are_judged_on_enough_time_not_five_steps() -> None:
    detector = StabilityDetector(min_steps=5, min_seconds=0.125)
    # ~0.12 ms each (powers of two add up exactly): 1024 steps fill a window
    steps = [detector.add(2.0**-13) for _ in range(2048)]
    assert not any(steps[:2047]) and steps[2047]
    assert detector.change == 0.0


def test_one_slow_step_does_not_hold_a_level_sequence_back() -> None:
    durations = [0.025] * 20  # windows of 5 steps (0.125 s)
    durations[7] = 0.5  # a page fault, a context switch
    assert _first_stable(durations) == 9


def test_warm_up_stops_once_stable_and_reports_what_it_did() -> None:
    clock = FakeClock()
    settling = iter([0.08, 0.06, 0.05, 0.045, 0.04, 0.035, 0.03, 0.029, 0.028, 0.027]
                    + [0.025] * 1000)
    report = warm_up(_stepper(clock, settling), fixed_steps=3, max_s=60.0, clock=clock)
    # windows of 5 steps: medians 50, 29, 25, 25 ms
    assert report.stable is True and report.change == 0.0 and report.steps == 20
    assert report.seconds == pytest.approx(clock.t - 100.0)
    info = report.to_info()
    assert set(info) == {"steps", "seconds", "stable", "change", "cap_s"} and info["cap_s"] == 60.0


def test_without_a_cap_warm_up_is_the_fixed_steps_and_judges_nothing() -> None:
    clock = FakeClock()
    report = warm_up(_stepper(clock, iter([0.5] * 100)), fixed_steps=7, max_s=0.0, clock=clock)
    assert (report.steps, report.stable, report.change) == (7, None, None)
    assert report.seconds == pytest.approx(3.5)


def test_measure_runs_the_steps_and_on_until_the_minimum_time() -> None:
    emitter = EventEmitter(os.open(os.devnull, os.O_WRONLY))
    try:
        assert measure_steps(lambda: None, 3, StepRecorder(emitter)) == 3
        began = time.monotonic()
        done = measure_steps(lambda: None, 3, StepRecorder(emitter), min_time_s=0.05)
        assert time.monotonic() - began >= 0.05 and done > 3
    finally:
        emitter.close()


def test_a_model_torchscript_cannot_trace_fails_at_its_first_call_naming_it() -> None:
    import torch

    from fwprof.child.torch_backend import _TracedOnFirstCall

    class Untraceable(torch.nn.Module):
        def forward(self, inputs: torch.Tensor) -> Any:
            return {"sum": inputs.sum(), "count": 3}  # a dict holding a plain int: untraceable

    forward = _TracedOnFirstCall(Untraceable(), _spec("torch", "graph"))  # no error yet
    expected = re.escape(f"TorchScript could not trace the mlp model in torch {torch.__version__}: ")
    with pytest.raises(RuntimeError, match=expected):
        forward(torch.ones(2, 3))


#: One compiled train step's losses and Dynamo counts, in a process of its own: Dynamo's caches
#: and counters are process-wide, and other tests in this process may have compiled things.
COMPILED_STEP_SCRIPT = """
import json, sys
from fwprof.child.torch_backend import TorchBackend
from fwprof.config import RunSpec
spec = RunSpec.from_dict(json.loads(sys.argv[1]))
backend = TorchBackend()
backend.configure(spec)
step = backend.build(spec)
losses = []
for _ in range(12):
    step()
    losses.append(backend.last_value)
print(json.dumps({"losses": losses, "counts": backend.counters()}))
"""


def test_torch_compiled_train_step_compiles_the_optimizer_update_too(tmp_path: Path) -> None:
    # A cold cache (~15 s): compiling the backward lazily inside the step once polluted the counts
    env = {**os.environ, "TORCHINDUCTOR_CACHE_DIR": str(tmp_path / "inductor")}
    spec = _spec("torch", "compiled", batch_size=16).resolved()
    result = subprocess.run([sys.executable, "-c", COMPILED_STEP_SCRIPT, json.dumps(spec.to_dict())],
                            capture_output=True, text=True, env=env, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    losses, counts = found["losses"], found["counts"]
    assert losses[-1] < 0.5 * losses[0], losses
    assert counts["whole_step_compiled"] == 1 and counts["optimizer_compiled"] == 1
    assert counts["frames_compiled"] >= 1 and counts["unique_graphs"] >= 2  # model+loss, Adam
    assert counts["unsupported"] == 0 and counts["frames_total"] == counts["frames_compiled"]
    assert counts["graph_breaks"] == counts["step_graph_breaks"]  # none from the model


@pytest.fixture(scope="module")
def children(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[Event], list[Any]]]:
    """A short real run per framework (mlp train graph, 1 step asked, measured at least 1 s):
    its events, and for torch when torch.jit.trace ran (start, end)."""
    folder = tmp_path_factory.mktemp("children")
    torch_spec = _spec("torch", "graph", warmup_max_s=1.0)
    tf_spec = _spec("tensorflow", "graph")
    return {"torch": _run_child(torch_spec, folder), "tensorflow": _run_child(tf_spec, folder)}


def test_the_measure_phase_lasts_the_minimum_time_however_few_steps_were_asked(
    children: dict[str, tuple[list[Event], list[Any]]]
) -> None:
    for framework, (events, _) in children.items():
        start, end = _phases(events)["measure"]
        steps = sum(len(e["dur"]) for e in events if e["k"] == "steps")
        assert end - start >= 1.0 and steps > 1, framework


def test_both_frameworks_count_the_same_trainable_parameters_at_run_time(
    children: dict[str, tuple[list[Event], list[Any]]]
) -> None:
    counted = {fw: _info(events)["model_parameters"] for fw, (events, _) in children.items()}
    assert counted == {"torch": MLP_PARAMETERS, "tensorflow": MLP_PARAMETERS}


def test_the_warm_up_is_reported(children: dict[str, tuple[list[Event], list[Any]]]) -> None:
    searched = _info(children["torch"][0])["warmup"]
    assert searched["cap_s"] == 1.0 and searched["steps"] >= 2 and searched["seconds"] > 0
    # stable (the last two windows agree), or not judged stable before the cap ran out
    assert ((searched["stable"] is True and searched["change"] <= 0.05)
            or (searched["stable"] is False and searched["seconds"] >= 1.0))
    fixed = _info(children["tensorflow"][0])["warmup"]
    assert (fixed["steps"], fixed["stable"], fixed["change"], fixed["cap_s"]) == (2, None, None, 0.0)


def test_torchscript_traces_in_the_first_step_not_in_the_build(
    children: dict[str, tuple[list[Event], list[Any]]]
) -> None:
    events, traces = children["torch"]
    phases = _phases(events)
    assert len(traces) == 1  # traced once, reused by every later step
    (trace_start, trace_end), = traces
    assert phases["build"][1] <= phases["first_step"][0] <= trace_start
    assert trace_end <= phases["first_step"][1]


def _spec(framework: str, mode: str, **changes: Any) -> RunSpec:
    values: dict[str, Any] = {"batch_size": 32, "steps": 1, "warmup": 2, "threads": 2,
                              "interop_threads": 2, "min_time_s": 1.0, **changes}
    return RunSpec(framework=framework, workload="mlp", task="train", mode=mode, **values)


#: Runs the child entry point with torch.jit.trace wrapped, so the test knows when it ran.
TRACE_SPY = textwrap.dedent(
    """
    import json, sys
    import torch
    from fwprof.protocol import now

    real_trace = torch.jit.trace

    def spy(*args, **kwargs):
        began = now()
        traced = real_trace(*args, **kwargs)
        with open(sys.argv[1], "a") as out:
            out.write(json.dumps([began, now()]) + "\\n")
        return traced

    torch.jit.trace = spy
    from fwprof.child.__main__ import main
    sys.exit(main(sys.argv[2:]))
    """
)


def _run_child(spec: RunSpec, folder: Path) -> tuple[list[Event], list[Any]]:
    """Run one real child; its events in order and (torch) the traces it made."""
    traces = folder / f"{spec.framework}-traces.jsonl"
    spy = folder / "trace_spy.py"
    spy.write_text(TRACE_SPY)
    read_fd, write_fd = os.pipe()
    entry = [str(spy), str(traces)] if spec.framework == "torch" else ["-m", "fwprof.child"]
    command = [sys.executable, *entry, "--event-fd", str(write_fd), "--spec", json.dumps(spec.to_dict())]
    env = {**os.environ, "OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "2", "TF_CPP_MIN_LOG_LEVEL": "2",
           "PYTHONPATH": str(ROOT)}
    with open(folder / f"{spec.framework}-stderr.txt", "wb") as stderr:
        child = subprocess.Popen(command, pass_fds=(write_fd,), env=env, cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=stderr)
        os.close(write_fd)
        with os.fdopen(read_fd, "rb") as stream:
            events = [decode(line) for line in stream]
        child.wait(timeout=300)
    assert child.returncode == 0, (folder / f"{spec.framework}-stderr.txt").read_text()[-3000:]
    assert events[-1]["k"] == "done", events[-1]
    made = [json.loads(line) for line in traces.read_text().splitlines()] if traces.exists() else []
    return events, made


def _phases(events: list[Event]) -> dict[str, tuple[float, float]]:
    starts = {e["phase"]: float(e["t"]) for e in events if e["k"] == "phase_start"}
    return {e["phase"]: (starts[e["phase"]], float(e["t"])) for e in events if e["k"] == "phase_end"}


def _info(events: list[Event]) -> dict[str, Any]:
    """Every ``info`` event merged, as the parent merges them into run.info."""
    merged: dict[str, Any] = {}
    for event in events:
        if event["k"] == "info":
            merged.update(event["info"])
    return merged
