"""On a GPU machine: do fwprof's GPU memory figures agree with nvidia-smi, and does every CUDA
run's measure phase hold at least 10 resource samples?

Logs nvidia-smi's memory.used (200 ms) while a fwprof session runs PyTorch workloads on CUDA,
then per run compares the peak nvidia-smi reading inside the run with fwprof's peak
``gpu_mem_used_bytes`` (NVML v2, the same figure), and prints the measure phase's samples, GPU
busy %, and the process's own GPU memory. Saves the snapshot to OUT.

Usage: python docs/evidence/scripts/gpu_memory_check.py OUT.fwprof [--workload mlp,cnn,transformer]
"""

from __future__ import annotations

import argparse
import subprocess
import time

import numpy as np

from fwprof.config import SessionConfig
from fwprof.launch.session import Session
from fwprof.report.windows import measure_resources
from fwprof.sampling.store import TimeSeriesStore
from fwprof.outputs.snapshot import save_snapshot


def smi_log(path: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(["nvidia-smi", "--query-gpu=timestamp,memory.used",
                             "--format=csv,noheader,nounits", "-lms", "200", "-f", path])


def smi_readings(path: str) -> list[tuple[float, float]]:
    readings = []
    with open(path) as lines:
        text = lines.read().splitlines()
    for line in text:
        stamp, used = (part.strip() for part in line.split(","))
        wall = time.mktime(time.strptime(stamp.split(".")[0], "%Y/%m/%d %H:%M:%S"))
        wall += float("0." + stamp.split(".")[1]) if "." in stamp else 0.0
        readings.append((wall, float(used) * 2**20))  # MiB
    return readings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--workload", default="mlp,cnn,transformer")
    parser.add_argument("--modes", default="eager,graph")
    args = parser.parse_args()
    config = SessionConfig(workloads=tuple(args.workload.split(",")), frameworks=("torch",),
                           modes=tuple(args.modes.split(",")), device="cuda", repeats=2,
                           max_repeats=2, steps=100, warmup=10)
    offset = time.time() - time.monotonic()
    log = smi_log("/tmp/smi.csv")
    try:
        record = Session(config).run()
    finally:
        time.sleep(0.5)
        log.terminate()
        log.wait()
    save_snapshot(record, args.out)
    smi = smi_readings("/tmp/smi.csv")
    print(f"{'run':34} {'samples':>7} {'busy %':>6} {'fwprof peak MiB':>15} {'smi peak MiB':>12} "
          f"{'diff':>6} {'proc MiB':>8}")
    for run in record.runs:
        window = measure_resources(run)
        store = TimeSeriesStore.from_dict(run.series["series"])
        _, used = store.series("gpu_mem_used_bytes")
        _, proc = store.series("gpu_proc_mem_bytes")
        start, end = run.started_at or 0.0, run.ended_at or 0.0
        inside = [u for w, u in smi if start + offset <= w <= end + offset]
        ours, theirs = float(np.nanmax(used)), max(inside) if inside else float("nan")
        proc_peak = float(np.nanmax(proc)) if np.isfinite(proc).any() else float("nan")
        print(f"{run.spec.label:34} {window.get('samples', 0):>7} "
              f"{window.get('gpu_busy_percent_mean') or float('nan'):>6.0f} {ours / 2**20:>15.0f} "
              f"{theirs / 2**20:>12.0f} {ours / theirs - 1:>+6.1%} {proc_peak / 2**20:>8.0f}")


if __name__ == "__main__":
    main()
