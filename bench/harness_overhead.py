"""Is fwprof transparent? Its reported throughput vs the same step loop run bare.

For each framework, fresh processes alternate: fwprof (child + event pipe + 10 Hz sampler)
and a bare script (bench/bare_loop.py: its own model, data and step, no fwprof code) with one
timer around the loop.
Two ratios are printed per framework (target >= 0.99), each the median over the rounds with a
95 % bootstrap interval over rounds (processes differ from one another by several per cent on a
shared machine, so one pair proves little):

- wall: samples/s over fwprof's measure phase (its wall time, harness work included)
  divided by the bare loop's samples/s;
- reported: the figure fwprof reports (batch / median step) divided by the bare loop's, timed
  the same way.

Each round also runs the bare loop a second time (``--no-control`` skips it): its ratio to the
first bare run is an A/A control, what the same comparison shows when there is no harness at
all. A fwprof ratio inside the control's spread is process-to-process noise, not harness cost;
the harness's own per-step cost is measured without that noise by ``loop_overhead.py``.

Usage: python bench/harness_overhead.py [--workload mlp] [--mode eager] [--steps 500]
       [--repeats 8] [--threads N] [--device cpu|cuda] [--json PATH]
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
from fwprof.results import RunResult  # noqa: E402
from fwprof.scenarios.registry import builtin_session  # noqa: E402
from fwprof.stats.bootstrap import estimate, run_median_replicates  # noqa: E402


def fwprof_run(config: SessionConfig) -> RunResult:
    run = builtin_session(config).run().runs[0]
    if run.status != "ok":
        raise SystemExit(f"fwprof run failed: {run.error}\n{run.stderr_tail}")
    return run


def bare_run(spec: RunSpec) -> tuple[float, float]:
    """Samples/s of the bare loop for the same resolved spec, in a fresh process: over its wall
    time, and at its median step."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bare_loop.py"), json.dumps(asdict(spec))],
        env=child_environment(spec), capture_output=True, text=True, check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    batch = result["batch_size"]
    return float(result["steps"] * batch / result["wall_s"]), float(batch / result["median_step_s"])


def median_with_interval(values: list[float], resamples: int = 4000) -> list[float]:
    """[median, low, high]: the median and its 95 % percentile-bootstrap interval."""
    replicates = run_median_replicates(np.asarray(values), np.random.default_rng(0), resamples)
    found = estimate(float(np.median(values)), replicates)
    return [found.value, found.low, found.high]


def measure(framework: str, args: argparse.Namespace) -> dict[str, Any]:
    config = SessionConfig(
        workloads=(args.workload,), frameworks=(framework,), modes=(args.mode,),
        steps=args.steps, warmup=args.warmup, repeats=1, sample_rate_hz=args.rate,
        threads=args.threads, device=args.device, busy_measure_rate_hz=args.busy_measure_rate,
    )
    spec = plan_runs(config)[0]
    ratios: dict[str, list[float]] = {"wall": [], "reported": [], "control_wall": [],
                                      "control_reported": []}
    for repeat in range(args.repeats):
        order = ["bare", "fwprof", "control"] if args.control else ["bare", "fwprof"]
        shift = repeat % len(order)  # rotate who goes first, to cancel drift
        done: dict[str, Any] = {}
        for name in order[shift:] + order[:shift]:
            done[name] = fwprof_run(config) if name == "fwprof" else bare_run(spec)
        run, bare = done["fwprof"], done["bare"]
        span = run.phase("measure")
        assert span is not None and span.duration
        ratios["wall"].append(spec.batch_size * len(run.step_durations) / span.duration / bare[0])
        ratios["reported"].append(spec.batch_size / float(np.median(run.step_durations)) / bare[1])
        if args.control:
            ratios["control_wall"].append(done["control"][0] / bare[0])
            ratios["control_reported"].append(done["control"][1] / bare[1])
    measure_rate = run.info.get("measure_sample_rate_hz", args.rate)
    print(f"{framework}: {spec.threads} threads, sampled at {args.rate:g} Hz "
          f"({measure_rate:g} Hz while measured)", flush=True)
    result: dict[str, Any] = {"threads": spec.threads, "device": spec.device,
                              "measure_sample_rate_hz": measure_rate}
    for name, values in ratios.items():
        if values:
            median, low, high = median_with_interval(values)
            result |= {f"{name}_ratio": median, f"{name}_ratio_ci": [low, high],
                       f"{name}_ratios": values}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", default="mlp")
    parser.add_argument("--mode", default="eager")
    parser.add_argument("--framework", default="torch,tensorflow")
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=8, help="interleaved pairs")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--busy-measure-rate", type=float, default=1.0,
                        help="fwprof's --busy-measure-rate (0: sample at --rate throughout)")
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=0, help="0: all cores (fwprof's default)")
    parser.add_argument("--no-control", dest="control", action="store_false",
                        help="skip the second bare run of each round (the A/A noise floor)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = {fw: measure(fw, args) for fw in args.framework.split(",")}
    threads = args.threads or "all cores"
    print(f"harness transparency: {args.workload} train {args.mode} on {args.device}, "
          f"{args.steps} steps, {args.repeats} interleaved pairs, sampler {args.rate:g} Hz, "
          f"threads {threads}; median of pair ratios [95 % interval]")
    print(f"{'framework':<12} {'wall ratio':>22} {'reported ratio':>22}   (target >= 0.99)")
    for fw, r in results.items():
        print(f"{fw:<12} {_ratio(r, 'wall'):>22} {_ratio(r, 'reported'):>22}")
        if args.control:
            print(f"{'  A/A bare':<12} {_ratio(r, 'control_wall'):>22} "
                  f"{_ratio(r, 'control_reported'):>22}   (no harness: the noise floor)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def _ratio(result: dict[str, Any], name: str) -> str:
    low, high = result[f"{name}_ratio_ci"]
    return f"{result[f'{name}_ratio']:.3f} [{low:.3f}, {high:.3f}]"


if __name__ == "__main__":
    main()
