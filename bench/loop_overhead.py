"""The cost of fwprof's timing loop itself, measured inside one process.

Processes of the same program differ by a few per cent on a shared machine (memory layout,
thread placement), which blurs any comparison of fwprof's child with a separate bare process.
Here one process alternates blocks of steps between a plain loop and fwprof's own
:func:`fwprof.child.loop.measure_steps` with its :class:`~fwprof.child.emitter.StepRecorder`
(events written to /dev/null), so only the loop differs. Reported: the median over blocks of
harness / plain throughput (target >= 0.99).

Usage: python bench/loop_overhead.py [--framework torch,tensorflow] [--blocks 20]
       [--steps 100] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fwprof.config import RunSpec  # noqa: E402
from fwprof.launch.child_env import child_environment  # noqa: E402


def alternate(framework: str, blocks: int, steps: int) -> list[float]:
    """In this process: harness / plain throughput for each pair of blocks."""
    from fwprof.child.backend import load_backend
    from fwprof.child.emitter import EventEmitter, StepRecorder
    from fwprof.child.loop import measure_steps

    spec = RunSpec(framework, "mlp", "train", "eager", steps=steps, warmup=30).resolved()
    backend = load_backend(framework)
    backend.configure(spec)
    step = backend.build(spec)
    for _ in range(spec.warmup):
        step()
    emitter = EventEmitter(os.open(os.devnull, os.O_WRONLY))
    ratios = []
    for block in range(blocks):
        rates: dict[str, float] = {}
        for kind in ("plain", "harness") if block % 2 == 0 else ("harness", "plain"):
            start = time.perf_counter()
            if kind == "plain":
                for _ in range(steps):
                    step()
            else:
                measure_steps(step, steps, StepRecorder(emitter))
            rates[kind] = steps / (time.perf_counter() - start)
        ratios.append(rates["harness"] / rates["plain"])
    return ratios


def measure(framework: str, args: argparse.Namespace) -> dict[str, Any]:
    """One framework, in a fresh process with fwprof's child environment."""
    spec = RunSpec(framework, "mlp", "train", "eager").resolved()
    out = subprocess.run([sys.executable, __file__, "--inside", framework, "--blocks",
                          str(args.blocks), "--steps", str(args.steps)],
                         env=child_environment(spec), capture_output=True, text=True, check=True)
    ratios = json.loads(out.stdout.strip().splitlines()[-1])
    return {"ratio": statistics.median(ratios), "ratios": ratios, "threads": spec.threads}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", default="torch,tensorflow")
    parser.add_argument("--blocks", type=int, default=20)
    parser.add_argument("--steps", type=int, default=100, help="steps per block")
    parser.add_argument("--inside", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.inside:
        print(json.dumps(alternate(args.inside, args.blocks, args.steps)))
        return
    results = {fw: measure(fw, args) for fw in args.framework.split(",")}
    print(f"timing loop, in one process: mlp train eager, {args.blocks} alternating blocks of "
          f"{args.steps} steps; harness / plain throughput, median over blocks (target >= 0.99)")
    for fw, result in results.items():
        print(f"{fw:<12} {result['ratio']:.4f}   (blocks: "
              f"{min(result['ratios']):.3f} to {max(result['ratios']):.3f})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
