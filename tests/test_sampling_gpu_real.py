"""GPU sampling on a real NVIDIA GPU (skipped where NVML does not start)."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

from fwprof.sampling import GpuContext, RunSampler

pynvml = pytest.importorskip("pynvml")


def _nvml_starts() -> bool:
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError:
        return False
    pynvml.nvmlShutdown()
    return True


pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not _nvml_starts(), reason="NVML did not start: no NVIDIA GPU here"),
]

# Exits with 3 without CUDA; otherwise prints "ready" and multiplies matrices until killed.
MATMUL_CHILD = """
import sys
import torch
if not torch.cuda.is_available():
    sys.exit(3)
x = torch.randn(8192, 8192, device="cuda")
torch.cuda.synchronize()
print("ready", flush=True)
while True:
    y = x @ x
    torch.cuda.synchronize()
"""


def wait_until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.05)


@pytest.fixture
def gpu() -> Iterator[GpuContext]:
    context = GpuContext.open()
    assert context.available, context.reason
    try:
        yield context
    finally:
        context.close()


def test_idle_gpu_metrics(gpu: GpuContext) -> None:
    device = gpu.devices[0]
    assert device.memory_total > 0 and device.uuid.startswith("GPU-") and device.driver
    run = RunSampler(os.getpid(), rate_hz=10.0, gpu=gpu)
    run.start()
    try:
        wait_until(lambda: len(run.store) >= 5, timeout=10.0)
    finally:
        run.stop()
    latest, p = run.latest(), f"gpu{device.index}_"
    for name in ("busy_percent", "mem_used_bytes", "power_w", "temp_c", "sm_clock_mhz",
                 "energy_j"):
        assert not math.isnan(latest[p + name]), run.store.unavailable.get(p + name)
    assert latest[p + "mem_used_bytes"] > 0 and latest[p + "power_w"] > 0
    assert run.summary()["gpu"]["available"]


@pytest.fixture
def matmul_child() -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen([sys.executable, "-c", MATMUL_CHILD], stdout=subprocess.PIPE,
                             text=True)
    assert child.stdout is not None
    try:
        if child.stdout.readline().strip() != "ready":
            pytest.skip(f"no torch with CUDA in this environment (exit {child.wait()})")
        yield child
    finally:
        child.kill()
        child.wait()


def test_busy_gpu_under_torch_matmul(gpu: GpuContext, matmul_child: subprocess.Popen[str]) -> None:
    run = RunSampler(matmul_child.pid, rate_hz=10.0, gpu=gpu)
    p = f"gpu{gpu.devices[0].index}_"  # the child's cuda:0 is the first visible device
    run.start()
    try:
        wait_until(lambda: run.latest().get(p + "busy_percent", 0.0) > 50.0, timeout=30.0)
        wait_until(lambda: run.latest().get(p + "energy_j", 0.0) > 0.0, timeout=10.0)
        wait_until(lambda: p + "proc_mem_bytes" in run.latest(), timeout=5.0)
    finally:
        run.stop()
    latest, summary = run.latest(), run.summary()
    assert latest[p + "mem_used_bytes"] > 3 * 2**28  # the child's three 256 MiB matrices
    assert latest[p + "power_w"] > 0
    proc_mem = latest[p + "proc_mem_bytes"]
    assert proc_mem > 2**28 or (math.isnan(proc_mem) and p + "proc_mem_bytes" in
                                run.store.unavailable)  # pid namespaces hide the pids
    assert summary["gpu"]["busy_percent_mean"] > 0 and summary["gpu"]["energy_j"] > 0
    print(summary["gpu"], run.store.unavailable)
