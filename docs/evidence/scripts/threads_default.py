"""Which default thread count should a small machine use? Measured with fwprof's own sessions.

For threads = all cores and threads = cores - 1, quiet and with one CPU-bound process beside
it, runs mlp train (eager and graph) in both frameworks in fresh processes (fixed pairs) and
prints per configuration: throughput (geometric mean over processes), the run-to-run spread
(sd of log throughput) and the wall-clock / median-step ratio.

Usage: python docs/evidence/scripts/threads_default.py [--pairs 3] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from typing import Any

from fwprof.config import SessionConfig, available_cores
from fwprof.launch.session import Session
from fwprof.outputs.summary import build_summary

BUSY = [sys.executable, "-c", "while True: pass"]


def session(threads: int, pairs: int) -> dict[str, Any]:
    config = SessionConfig(modes=("graph", "eager"), repeats=pairs, max_repeats=pairs,
                           threads=threads, interop_threads=threads, min_time_s=1.0,
                           warmup_max_s=2.0)
    return build_summary(Session(config).run())


def figures(summary: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for group in summary["groups"]:
        runs = [r for r in summary["runs"] if r["status"] == "ok" and all(
            r[k] == group[k] for k in ("framework", "workload", "task", "mode"))]
        tputs = [r["throughput"]["median"] for r in runs]
        logs = [math.log(t) for t in tputs]
        mean = sum(logs) / len(logs)
        spread = math.sqrt(sum((x - mean) ** 2 for x in logs) / (len(logs) - 1)) if len(logs) > 1 else None
        walls = [r["wall_throughput"] / r["throughput"]["median"] for r in runs if r["wall_throughput"]]
        loads = [r["other_load_cores"] for r in runs if r["other_load_cores"] is not None]
        rows.append({"framework": group["framework"], "mode": group["mode"],
                     "throughput": math.exp(mean), "spread": spread,
                     "wall_over_median": sum(walls) / len(walls) if walls else None,
                     "other_load_cores": max(loads) if loads else None})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    cores = available_cores()
    results = []
    for load in ("quiet", "one busy process"):
        busy = subprocess.Popen(BUSY) if load != "quiet" else None
        try:
            for threads in (cores, cores - 1):
                summary = session(threads, args.pairs)
                for row in figures(summary):
                    row.update(threads=threads, load=load)
                    results.append(row)
                    print(f"{load:17} threads {threads}  {row['framework']:10} {row['mode']:6} "
                          f"{row['throughput']:9.0f} samples/s  spread {row['spread'] or 0:.1%}  "
                          f"wall/median {row['wall_over_median'] or 0:.2f}  other load "
                          f"{row['other_load_cores'] or 0:.2f} cores", flush=True)
        finally:
            if busy is not None:
                busy.kill()
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"cores": cores, "results": results}, out, indent=1)


if __name__ == "__main__":
    main()
