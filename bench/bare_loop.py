"""The same step loop fwprof's child runs, with no fwprof harness: no events, pipe or sampler.

Usage: python bench/bare_loop.py SPEC_JSON  ->  prints {"wall_s": ..., "steps": ...} as JSON.
"""

from __future__ import annotations

import json
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
    start = time.perf_counter()
    for _ in range(spec.steps):
        step()
    wall = time.perf_counter() - start
    print(json.dumps({"wall_s": wall, "steps": spec.steps, "batch_size": spec.batch_size}))


if __name__ == "__main__":
    main()
