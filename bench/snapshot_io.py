"""Snapshot of a 1-hour session at 10 Hz: file size, save time and load time.

The session is synthetic but shaped like a real one: one hour of one run sampled at 10 Hz on
this machine's metric set (process tree, system per core, no GPU unless --gpus), and a step
every 10 ms (360,000 steps). Targets: <= 5 MB, save <= 0.5 s, load <= 0.5 s.

Usage: python bench/snapshot_io.py [--hours 1] [--rate 10] [--gpus 0] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fwprof.config import SessionConfig
from fwprof.launch.plan import plan_runs
from fwprof.outputs.snapshot import save_snapshot
from fwprof.results import PhaseSpan, RunResult, SessionRecord, StepLog
from fwprof.sampling.store import TimeSeriesStore
from fwprof.snapshot import load_snapshot


def synthetic_store(seconds: float, rate: float, cores: int, gpus: int) -> TimeSeriesStore:
    rng = np.random.default_rng(0)
    store = TimeSeriesStore()
    for i in range(int(seconds * rate)):
        values = {"cpu_percent": 150 + 20 * rng.standard_normal(), "cpu_share_percent": 75.0,
                  "rss_bytes": 5e8 + i, "threads": 20.0, "sys_cpu_percent": 80.0,
                  "sys_mem_used_bytes": 4e9}
        values.update({f"sys_cpu_core{c}_percent": float(rng.uniform(0, 100)) for c in range(cores)})
        for g in range(gpus):
            values.update({f"gpu{g}_busy_percent": 60.0, f"gpu{g}_power_w": 250.0,
                           f"gpu{g}_mem_used_bytes": 2e9, f"gpu{g}_temp_c": 40.0})
        store.append(i / rate, values)
    return store


def synthetic_record(hours: float, rate: float, gpus: int) -> SessionRecord:
    seconds = hours * 3600
    spec = plan_runs(SessionConfig(frameworks=("torch",), modes=("eager",), repeats=1))[0]
    durations = 0.01 * (1 + 0.05 * np.random.default_rng(1).standard_normal(int(seconds * 100)))
    store = synthetic_store(seconds, rate, cores=2, gpus=gpus)
    run = RunResult(
        run_id="r001", spec=spec, status="ok", exit_code=0,
        phases=[PhaseSpan("measure", 0.0, seconds)], steps=StepLog(np.cumsum(durations), durations),
        series={"series": store.to_dict()}, resources={},
    )
    return SessionRecord(config=SessionConfig(), runs=[run], created="2026-11-26T00:00:00+00:00",
                         status="finished")


def timed(fn: object, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--gpus", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    record = synthetic_record(args.hours, args.rate, args.gpus)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hour.fwprof"
        save_s = timed(lambda: save_snapshot(record, path))
        load_s = timed(lambda: load_snapshot(path))
        size = path.stat().st_size
    result = {"hours": args.hours, "rate_hz": args.rate, "steps": len(record.runs[0].steps),
              "size_mb": size / 1e6, "save_s": save_s, "load_s": load_s}
    print(f"snapshot of {args.hours:g} h at {args.rate:g} Hz ({result['steps']:,} steps): "
          f"{result['size_mb']:.2f} MB (target <= 5), save {save_s:.3f} s, load {load_s:.3f} s "
          "(targets <= 0.5 s)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
