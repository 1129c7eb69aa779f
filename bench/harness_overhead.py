"""Is fwprof transparent? Its reported throughput vs the same step loop run bare.

For each framework, fresh processes alternate: fwprof (child + event pipe + 10 Hz sampler)
and a bare script running the identical step function with one timer around the loop.
Two ratios are printed (target >= 0.98, goal 0.99):

- wall: samples/s over fwprof's measure phase (its wall time, harness work included)
  divided by the bare loop's samples/s;
- reported: the figure fwprof reports (batch / median step) divided by the bare loop's.

Usage: python bench/harness_overhead.py [--workload mlp] [--mode eager] [--steps 300]
       [--repeats 5] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fwprof.config import RunSpec, SessionConfig  # noqa: E402
from fwprof.launch.child_env import child_environment  # noqa: E402
from fwprof.launch.plan import plan_runs  # noqa: E402
from fwprof.launch.session import Session  # noqa: E402
from fwprof.results import RunResult  # noqa: E402


def fwprof_run(config: SessionConfig) -> RunResult:
    run = Session(config).run().runs[0]
    if run.status != "ok":
        raise SystemExit(f"fwprof run failed: {run.error}\n{run.stderr_tail}")
    return run


def bare_run(spec: RunSpec) -> float:
    """Samples/s of the bare loop for the same resolved spec, in a fresh process."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bare_loop.py"), json.dumps(asdict(spec))],
        env=child_environment(spec), capture_output=True, text=True, check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return float(result["steps"] * result["batch_size"] / result["wall_s"])


def measure(framework: str, args: argparse.Namespace) -> dict[str, Any]:
    config = SessionConfig(
        workloads=(args.workload,), frameworks=(framework,), modes=(args.mode,),
        steps=args.steps, warmup=args.warmup, repeats=1, sample_rate_hz=args.rate,
        threads=args.threads,
    )
    spec = plan_runs(config)[0]
    wall, reported = [], []
    for repeat in range(args.repeats):
        if repeat % 2:  # alternate which goes first, to cancel drift
            bare = bare_run(spec)
            run = fwprof_run(config)
        else:
            run = fwprof_run(config)
            bare = bare_run(spec)
        span = run.phase("measure")
        assert span is not None and span.duration
        wall.append(spec.batch_size * spec.steps / span.duration / bare)
        reported.append(spec.batch_size / float(np.median(run.step_durations)) / bare)
    return {"wall_ratio": float(np.median(wall)), "reported_ratio": float(np.median(reported)),
            "wall_ratios": wall, "reported_ratios": reported}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", default="mlp")
    parser.add_argument("--mode", default="eager")
    parser.add_argument("--framework", default="torch,tensorflow")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=0, help="0: all cores (fwprof's default)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = {fw: measure(fw, args) for fw in args.framework.split(",")}
    threads = args.threads or "all cores"
    print(f"harness transparency: {args.workload} train {args.mode}, {args.steps} steps, "
          f"{args.repeats} interleaved pairs, sampler {args.rate:g} Hz, threads {threads}")
    print(f"{'framework':<12} {'wall ratio':>11} {'reported ratio':>15}   (target >= 0.98)")
    for fw, r in results.items():
        print(f"{fw:<12} {r['wall_ratio']:>11.3f} {r['reported_ratio']:>15.3f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
