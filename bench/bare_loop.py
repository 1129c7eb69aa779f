"""The same step loop fwprof's child runs, with no fwprof harness: no events, pipe or sampler.

Each step is timed as a hand-written benchmark would (two clock reads, ~0.1 µs), so fwprof's
headline figure (batch / median step) can be compared like for like.

Usage: python bench/bare_loop.py SPEC_JSON  ->  prints {"wall_s", "median_step_s", "steps",
"batch_size"} as JSON.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from fwprof.child.backend import load_backend
from fwprof.config import RunSpec


def main() -> None:
    spec = RunSpec.from_dict(json.loads(sys.argv[1]))
    backend = load_backend(spec.framework)
    backend.configure(spec)
    step = backend.build(spec)
    for _ in range(spec.warmup + 1):
        step()
    durations = [0.0] * spec.steps
    clock = time.perf_counter
    start = clock()
    for index in range(spec.steps):
        began = clock()
        step()
        durations[index] = clock() - began
    wall = clock() - start
    print(json.dumps({"wall_s": wall, "median_step_s": statistics.median(durations),
                      "steps": spec.steps, "batch_size": spec.batch_size}))


if __name__ == "__main__":
    main()
