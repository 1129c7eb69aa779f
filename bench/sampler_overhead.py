"""How much does sampling cost? Tick cost, the sampler's share of a core, and workload slowdown.

1. Overhead: a busy child process tree (one process burning a core, four idle descendants) is
   sampled at each rate for ``--seconds``; reported: tick cost (µs, median and p99, wall time
   from stamping to storing), the sampler thread's CPU time as a share of one core, achieved
   rate and missed ticks.
2. Throughput: a CPU-bound workload runs in a child with the sampler (10 Hz) on and off,
   interleaved ``--pairs`` times (on/off order alternating); reported: the ratio of median
   throughputs (on / off). The workload is ``python -m fwprof.child`` with a torch MLP training
   spec when torch and ``fwprof/child/torch_backend.py`` are present, else a numpy matmul loop.
   The torch workload uses all cores but one by default: with every core running a spinning
   OpenMP thread, any periodic activity in the parent (even a 5 ms busy loop at 10 Hz, 5 % of
   one core) cost ~45 % of torch MLP throughput on a 16-core H100 host, sampler or not.

Usage, from the repository root with fwprof importable (installed, or ``PYTHONPATH=.``):
``python bench/sampler_overhead.py [--json out.json] [--rates 10 50 100]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from fwprof.config import RunSpec
from fwprof.protocol import decode
from fwprof.sampling import GpuContext, RunSampler
from fwprof.sampling.gpu import GpuSampler
from fwprof.sampling.process_tree import ProcessTree
from fwprof.sampling.store import TimeSeriesStore
from fwprof.sampling.system import SystemSampler

BUSY_TREE = """
import signal, subprocess, sys
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
idle = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(4)]
print("ready", flush=True)
try:
    while True:
        sum(i * i for i in range(10000))
finally:
    for p in idle:
        p.kill()
"""

NUMPY_WORKLOAD = """
import sys, time
import numpy as np
a = np.random.default_rng(0).random((384, 384))
end = time.perf_counter() + 0.5
while time.perf_counter() < end:
    a @ a
count, start = 0, time.perf_counter()
while time.perf_counter() - start < float(sys.argv[1]):
    a @ a
    count += 1
print(count / (time.perf_counter() - start))
"""


@contextmanager
def busy_tree() -> Iterator[int]:
    """The pid of a running :data:`BUSY_TREE`, ended on exit."""
    child = subprocess.Popen([sys.executable, "-c", BUSY_TREE], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        yield child.pid
    finally:
        child.terminate()
        child.wait()


def measure_overhead(rate_hz: float, seconds: float, gpu: GpuContext) -> dict[str, Any]:
    """Sample a busy tree at ``rate_hz`` for ``seconds``; the sampler's own cost."""
    with busy_tree() as pid:
        sampler = RunSampler(pid, rate_hz=rate_hz, gpu=gpu)
        sampler.start()
        time.sleep(seconds)
        sampler.stop()
    summary = sampler.summary()
    return {
        "rate_hz": rate_hz,
        "processes": len(sampler.tree.processes),
        "tick_us_median": summary["tick_cost_us_median"],
        "tick_us_p99": summary["tick_cost_us_p99"],
        "core_percent": summary["sampler_cpu_percent"],
        "achieved_hz": summary["achieved_rate_hz"],
        "missed_ticks": summary["missed_ticks"],
    }


def measure_breakdown(rate_hz: float, ticks: int, gpu: GpuContext) -> dict[str, float]:
    """CPU µs per tick of each part of a tick (process tree, system, GPUs, storing the row),
    ticking at ``rate_hz`` so caches are as cold as in the sampler thread."""
    costs: dict[str, list[float]] = {"tree": [], "system": [], "gpu": [], "store": []}
    with busy_tree() as pid:
        ignore = lambda *_: None  # noqa: E731
        tree, system, gpus = ProcessTree(pid, ignore), SystemSampler(ignore), GpuSampler(gpu, ignore)
        store = TimeSeriesStore()
        row: dict[str, float] = {}
        parts: dict[str, Callable[[float], object]] = {
            "tree": lambda t: row.update(tree.sample(t).values),
            "system": lambda t: row.update(system.sample(t)),
            "gpu": lambda t: row.update(gpus.sample(t, tree.pids())),
            "store": lambda t: store.append(t, dict(row))}
        for _ in range(ticks):
            time.sleep(1.0 / rate_hz)
            t = time.monotonic()
            for name, part in parts.items():
                start = time.thread_time()
                part(t)
                costs[name].append((time.thread_time() - start) * 1e6)
        tree.close()
        system.close()
    return {name: float(np.mean(values)) for name, values in costs.items()}


def torch_available() -> bool:
    backend = Path(__file__).resolve().parents[1] / "fwprof" / "child" / "torch_backend.py"
    return backend.exists() and importlib.util.find_spec("torch") is not None


def start_workload(kind: str, args: argparse.Namespace) -> tuple[subprocess.Popen[bytes], int]:
    """The workload child and the read end of its event pipe (-1 for numpy)."""
    if kind == "numpy":
        command = [sys.executable, "-c", NUMPY_WORKLOAD, str(args.workload_seconds)]
        return subprocess.Popen(command, stdout=subprocess.PIPE), -1
    spec = RunSpec("torch", "mlp", "train", "eager", steps=args.torch_steps, warmup=50,
                   threads=args.threads).resolved()
    read_fd, write_fd = os.pipe()
    command = [sys.executable, "-m", "fwprof.child", "--event-fd", str(write_fd),
               "--spec", json.dumps(spec.to_dict())]
    child = subprocess.Popen(command, pass_fds=(write_fd,))
    os.close(write_fd)
    return child, read_fd


def workload_throughput(child: subprocess.Popen[bytes], read_fd: int) -> float:
    """Steps (or matmuls) per second the workload reported."""
    if read_fd < 0:
        out, _ = child.communicate()
        return float(out)
    durations: list[float] = []
    with os.fdopen(read_fd, "rb") as events:
        for line in events:
            event = decode(line)
            if event["k"] == "steps":
                durations.extend(event["dur"])
            elif event["k"] == "error":
                raise RuntimeError(event["message"])
    child.wait()
    return len(durations) / sum(durations)


def one_workload_run(kind: str, sampled: bool, args: argparse.Namespace,
                     gpu: GpuContext) -> float:
    child, read_fd = start_workload(kind, args)
    sampler = RunSampler(child.pid, rate_hz=10.0, gpu=gpu) if sampled else None
    if sampler:
        sampler.start()
    try:
        return workload_throughput(child, read_fd)
    finally:
        if sampler:
            sampler.stop()


def measure_throughput(args: argparse.Namespace, gpu: GpuContext) -> dict[str, Any] | None:
    """Interleaved on/off runs of the workload; the ratio of median throughputs."""
    if args.pairs < 1:
        return None
    kind = "torch" if torch_available() and not args.numpy else "numpy"
    on: list[float] = []
    off: list[float] = []
    for pair in range(args.pairs):
        order = (True, False) if pair % 2 == 0 else (False, True)
        for sampled in order:
            (on if sampled else off).append(one_workload_run(kind, sampled, args, gpu))
    return {
        "workload": f"torch mlp train eager, {args.threads} threads (fwprof.child)"
        if kind == "torch" else "numpy 384x384 matmul loop",
        "throughput_on": on,
        "throughput_off": off,
        "ratio_of_medians": statistics.median(on) / statistics.median(off),
        "pair_ratios_median": float(np.median(np.array(on) / np.array(off))),
    }


def print_table(overhead: list[dict[str, Any]], throughput: dict[str, Any] | None) -> None:
    print(f"{'rate Hz':>8} {'procs':>6} {'tick µs med':>12} {'tick µs p99':>12} "
          f"{'% of 1 core':>12} {'achieved Hz':>12} {'missed':>7}")
    for row in overhead:
        print(f"{row['rate_hz']:>8.0f} {row['processes']:>6} {row['tick_us_median']:>12.0f} "
              f"{row['tick_us_p99']:>12.0f} {row['core_percent']:>12.3f} "
              f"{row['achieved_hz']:>12.2f} {row['missed_ticks']:>7}")
    if throughput is None:
        return
    print(f"\nworkload: {throughput['workload']}")
    print("sampler on :", " ".join(f"{v:.1f}" for v in throughput["throughput_on"]))
    print("sampler off:", " ".join(f"{v:.1f}" for v in throughput["throughput_off"]))
    print(f"throughput ratio on/off (medians): {throughput['ratio_of_medians']:.4f}; "
          f"median of pair ratios: {throughput['pair_ratios_median']:.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--rates", type=float, nargs="+", default=[10.0, 50.0, 100.0])
    parser.add_argument("--seconds", type=float, default=10.0, help="sampling time per rate")
    parser.add_argument("--pairs", type=int, default=5, help="on/off workload pairs (0: skip)")
    parser.add_argument("--workload-seconds", type=float, default=4.0, help="numpy workload")
    parser.add_argument("--torch-steps", type=int, default=2000, help="torch workload steps")
    parser.add_argument("--threads", type=int, default=max(1, (os.cpu_count() or 2) - 1),
                        help="torch threads (default: all cores but one)")
    parser.add_argument("--numpy", action="store_true", help="use the numpy workload")
    args = parser.parse_args(argv)
    with GpuContext.open() as gpu:
        gpu_info = gpu.to_dict()
        overhead = [measure_overhead(rate, args.seconds, gpu) for rate in args.rates]
        breakdown = measure_breakdown(10.0, 100, gpu)
        throughput = measure_throughput(args, gpu)
    print_table(overhead, throughput)
    print("\nCPU µs per tick by part at 10 Hz (mean of 100 ticks):",
          ", ".join(f"{name} {us:.0f}" for name, us in breakdown.items()))
    if args.json:
        result = {"overhead": overhead, "breakdown_us": breakdown, "throughput": throughput,
                  "cores": os.cpu_count(), "gpu": gpu_info, "load_average": os.getloadavg()}
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
