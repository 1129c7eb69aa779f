"""How fast an input pipeline delivers batches on its own, before any training step."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from fwprof.workloads.pipeline import THROUGHPUT_BATCHES


def loader_throughput(batches: Iterator[Any], batch_size: int, workers: int,
                      count: int = THROUGHPUT_BATCHES) -> dict[str, float | int]:
    """Samples/s over ``count`` batches after one to start the workers: what the run's info
    records as ``loader``."""
    next(batches)  # workers start, files get opened
    start = time.perf_counter()
    for _ in range(count):
        next(batches)
    seconds = time.perf_counter() - start
    return {"samples_per_s": count * batch_size / seconds, "batches": count, "workers": workers,
            "seconds": seconds}
