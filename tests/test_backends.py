"""The torch and TensorFlow backends: configure, build and step every workload, task and mode.

Threads and precision can be set only once per process, before the framework's first op, so
``configure`` is tested in fresh ``python -m fwprof.child`` processes; the many build-and-step
tests run in this process with each framework's default threads.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fwprof.catalog import FRAMEWORKS, WORKLOADS
from fwprof.child.tf_backend import TensorFlowBackend
from fwprof.child.torch_backend import TorchBackend
from fwprof.config import RunSpec
from fwprof.protocol import Event, decode

ROOT = Path(__file__).resolve().parents[1]
THREADS = 2
MODULE_FOR = {"torch": "torch", "tensorflow": "tensorflow"}

AnyBackend = TorchBackend | TensorFlowBackend


def _spec(framework: str, workload: str = "mlp", task: str = "train", mode: str = "eager",
          **changes: Any) -> RunSpec:
    values: dict[str, Any] = {"batch_size": 4, "steps": 3, "warmup": 1, "threads": THREADS,
                              "interop_threads": THREADS, **changes}
    return RunSpec(framework=framework, workload=workload, task=task, mode=mode, **values)


def _new_backend(framework: str) -> AnyBackend:
    """An unconfigured backend: build() works with the framework's default threads."""
    pytest.importorskip(MODULE_FOR[framework])
    return TorchBackend() if framework == "torch" else TensorFlowBackend()


def _run(backend: AnyBackend, spec: RunSpec, steps: int) -> list[float]:
    """Build, then run ``steps`` steps; the scalar each step fetched."""
    step = backend.build(spec)
    values = []
    for _ in range(steps):
        step()
        values.append(backend.last_value)
    return values


@pytest.mark.parametrize("task", ["train", "infer"])
@pytest.mark.parametrize("workload", list(WORKLOADS))
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_every_workload_runs_eagerly(framework: str, workload: str, task: str) -> None:
    backend = _new_backend(framework)
    values = _run(backend, _spec(framework, workload, task, size="tiny"), steps=2)  # reference: tiny
    assert all(math.isfinite(v) for v in values)
    assert backend.counters() == {}


@pytest.mark.parametrize("mode", ["eager", "graph", "compiled"])
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_mlp_loss_falls_on_a_fixed_batch_in_every_mode(framework: str, mode: str) -> None:
    backend = _new_backend(framework)
    losses = _run(backend, _spec(framework, mode=mode, batch_size=16), steps=20)
    assert losses[-1] < 0.5 * losses[0], losses


@pytest.mark.parametrize("mode", ["graph", "compiled"])
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_mlp_inference_in_graph_modes_is_repeatable_and_counted(
    framework: str, mode: str
) -> None:
    backend = _new_backend(framework)
    values = _run(backend, _spec(framework, task="infer", mode=mode), steps=3)
    assert values[0] == pytest.approx(values[2], rel=1e-6)
    counts = backend.counters()
    if framework == "tensorflow":
        assert counts == {"traces": 1, "retraces": 0}
    elif mode == "compiled":
        assert counts["frames_compiled"] == counts["unique_graphs"] == 1
        assert counts["graph_breaks"] == counts["unsupported"] == 0
    else:
        assert counts == {}


def test_torch_compile_reports_that_it_cannot_trace_the_lstm() -> None:
    backend = _new_backend("torch")
    _run(backend, _spec("torch", "lstm", mode="compiled"), steps=2)
    counts = backend.counters()
    # nn.LSTM runs eagerly: an unsupported construct and a graph break of the model's own (the
    # rest of the train step, the optimizer update included, is still compiled)
    assert counts["unsupported"] >= 1 and counts["graph_breaks"] > counts["step_graph_breaks"]


def test_torch_cnn_runs_channels_last() -> None:
    backend = _new_backend("torch")
    values = _run(backend, _spec("torch", "cnn", channels_last=True), steps=2)
    assert all(math.isfinite(v) for v in values)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_cuda_without_a_gpu_fails_clearly(framework: str) -> None:
    if _has_gpu(framework):
        pytest.skip("this machine has a GPU")
    with pytest.raises(RuntimeError, match=r"device 'cuda' was asked for, but .* sees no"):
        _new_backend(framework).configure(_spec(framework, device="cuda"))


@pytest.mark.slow
@pytest.mark.parametrize(("threads", "interop", "precision"), [(1, 1, "fp32"), (2, 1, "tf32")])
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_child_process_sets_and_reports_threads_and_precision(
    framework: str, threads: int, interop: int, precision: str, tmp_path: Path
) -> None:
    pytest.importorskip(MODULE_FOR[framework])
    spec = _spec(framework, mode="graph", threads=threads, interop_threads=interop,
                 precision=precision)
    events = _run_child(spec, tmp_path)
    assert events[-1]["k"] == "done", events[-1]
    info = next(e["info"] for e in events if e["k"] == "info")
    assert info["framework"] == framework and info["version"] and info["build"]
    assert info["device"] == "cpu"
    assert (info["threads"], info["interop_threads"]) == (threads, interop)
    assert info["env"]["OMP_NUM_THREADS"] == str(threads)
    assert info["precision"] == precision and info["tf32"] is (precision == "tf32")
    assert sum(len(e["dur"]) for e in events if e["k"] == "steps") == spec.steps
    counters = next(e["values"] for e in events if e["k"] == "counters")
    assert counters == ({"traces": 1, "retraces": 0} if framework == "tensorflow" else {})


def _run_child(spec: RunSpec, tmp_path: Path) -> list[Event]:
    """Run ``python -m fwprof.child`` with no thread variables set; its events in order."""
    read_fd, write_fd = os.pipe()
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    command = [sys.executable, "-m", "fwprof.child", "--event-fd", str(write_fd),
               "--spec", json.dumps(spec.to_dict())]
    with open(tmp_path / "stderr.txt", "wb") as stderr:
        child = subprocess.Popen(command, pass_fds=(write_fd,), env=env, cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=stderr)
        os.close(write_fd)
        with os.fdopen(read_fd, "rb") as stream:
            events = [decode(line) for line in stream]
        child.wait(timeout=300)
    assert child.returncode == 0, (tmp_path / "stderr.txt").read_text()[-3000:]
    return events


def _has_gpu(framework: str) -> bool:
    if framework == "torch":
        import torch

        return bool(torch.cuda.is_available())
    import tensorflow as tf

    return bool(tf.config.list_physical_devices("GPU"))
