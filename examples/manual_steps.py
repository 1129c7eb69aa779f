"""Marking steps and phases by hand with ``fwprof.step()`` and ``fwprof.phase()``.

Both are no-ops when the script runs without fwprof (``python examples/manual_steps.py``).

    fwprof profile examples/manual_steps.py --steps 30   -> 30 steps, phases "train" and "eval"
"""

from __future__ import annotations

import argparse
import math

import fwprof


def work(size: int) -> float:
    return sum(math.sqrt(i) for i in range(size))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--size", type=int, default=20_000)
    args = parser.parse_args()
    with fwprof.phase("train"):
        for _ in range(args.steps):
            work(args.size)
            fwprof.step()
    with fwprof.phase("eval"):
        work(args.size * 5)
    print("profiled" if fwprof.is_profiling() else "not profiled")


if __name__ == "__main__":
    main()
