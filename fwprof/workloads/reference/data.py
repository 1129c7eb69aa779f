"""Synthetic batches for the reference models, made with NumPy from a fixed seed.

Images are float32 NHWC in [0, 1) with class ids in [0, classes); BERT gets int64 tokens in
[0, vocab) with class ids in [0, 2). GPT-2 gets a random token stream of ``seq_len + 1`` per row:
the inputs are its first ``seq_len`` tokens and the labels the same stream shifted by one (the
next token at every position), as causal-LM training does. Same arguments, same arrays.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from fwprof.workloads.data import Batch
from fwprof.workloads.reference.sizes import (
    BertConfig,
    Gpt2Config,
    model_config,
)


def make_reference_batch(
    name: str, size: str, batch_size: int | None, seed: int, seq_len: int | None = None
) -> Batch:
    """The batch for ``name`` at ``size``; ``batch_size`` None takes the size's default."""
    config = model_config(name, size, seq_len)
    count = config.batch_size if batch_size is None else batch_size
    if count < 1:
        raise ValueError(f"batch_size must be at least 1, got {count}")
    rng = np.random.default_rng(seed)
    inputs: npt.NDArray[Any]
    if isinstance(config, Gpt2Config):
        stream = rng.integers(0, config.vocab_size, size=(count, config.seq_len + 1), dtype=np.int64)
        return Batch(inputs=stream[:, :-1].copy(), labels=stream[:, 1:].copy())
    if isinstance(config, BertConfig):
        inputs = rng.integers(0, config.vocab_size, size=(count, config.seq_len), dtype=np.int64)
    else:
        side = config.image_size
        inputs = rng.random((count, side, side, 3), dtype=np.float32)
    labels = rng.integers(0, config.num_classes, size=count, dtype=np.int64)
    return Batch(inputs=inputs, labels=labels)

