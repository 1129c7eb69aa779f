"""Synthetic in-memory batches, made with NumPy from a fixed seed.

Both frameworks get the very same arrays (fair comparison rule 8): built once before timing and
turned into each framework's tensors without changing a value. Images are NHWC; the torch side
moves channels itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from fwprof.workloads import (
    IMAGE_CHANNELS,
    IMAGE_SIZE,
    INPUT_FEATURES,
    NUM_CLASSES,
    SEQ_LEN,
    VOCAB_SIZE,
)


@dataclass(frozen=True)
class Batch:
    """One fixed batch: model inputs and integer class labels in [0, NUM_CLASSES)."""

    inputs: npt.NDArray[Any]
    labels: npt.NDArray[np.int64]


def make_batch(workload: str, batch_size: int, seed: int) -> Batch:
    """The batch for a workload: same ``seed`` and size give the same arrays, always."""
    if workload not in _INPUT_MAKERS:
        raise ValueError(f"no data for workload {workload!r}; known: {', '.join(_INPUT_MAKERS)}")
    rng = np.random.default_rng(seed)
    inputs = _INPUT_MAKERS[workload](rng, batch_size)
    labels = rng.integers(0, NUM_CLASSES, size=batch_size, dtype=np.int64)
    return Batch(inputs=inputs, labels=labels)


def _features(rng: np.random.Generator, count: int) -> npt.NDArray[np.float32]:
    return rng.standard_normal((count, INPUT_FEATURES), dtype=np.float32)


def _images(rng: np.random.Generator, count: int) -> npt.NDArray[np.float32]:
    return rng.random((count, IMAGE_SIZE, IMAGE_SIZE, IMAGE_CHANNELS), dtype=np.float32)


def _tokens(rng: np.random.Generator, count: int) -> npt.NDArray[np.int64]:
    return rng.integers(0, VOCAB_SIZE, size=(count, SEQ_LEN), dtype=np.int64)


_INPUT_MAKERS: dict[str, Callable[[np.random.Generator, int], npt.NDArray[Any]]] = {
    "mlp": _features,
    "cnn": _images,
    "lstm": _tokens,
    "transformer": _tokens,
}
