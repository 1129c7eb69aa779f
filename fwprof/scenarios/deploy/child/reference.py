"""The eager model's inputs and outputs that every stage of a format checks or replays.

The export stage saves them (``reference.npz`` in the format's folder); the load stage compares
the artifact's outputs with them; the timed stages replay the same inputs, so no stage after
the export needs the framework's eager model, or even the framework.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fwprof.deploy_formats import PARITY_TOLERANCE
from fwprof.scenarios.deploy.formats.base import Array

REFERENCE_FILE = "reference.npz"


@dataclass(frozen=True)
class Reference:
    """Inputs in the artifact's layout (NCHW images for torch) at batch 1 and the throughput
    batch, and the eager model's outputs for them."""

    single: Array
    single_out: Array
    batch: Array
    batch_out: Array

    @property
    def example(self) -> Array:
        """The input the export traces: the throughput batch, at least 2 rows (torch.export
        specialises a dimension of size 1, so a batch of 1 would not stay dynamic)."""
        return self.batch if len(self.batch) >= 2 else np.concatenate([self.batch, self.batch])

    def save(self, folder: Path) -> None:
        """Write :data:`REFERENCE_FILE` into ``folder``."""
        np.savez(folder / REFERENCE_FILE, single=self.single, single_out=self.single_out,
                 batch=self.batch, batch_out=self.batch_out)

    @classmethod
    def load(cls, folder: Path) -> Reference:
        """Read what :meth:`save` wrote into ``folder``."""
        with np.load(folder / REFERENCE_FILE) as data:
            return cls(data["single"], data["single_out"], data["batch"], data["batch_out"])


def parity(pairs: list[tuple[Array, Array]], tolerance: float = PARITY_TOLERANCE) -> dict[str, Any]:
    """Max |actual - expected| over all pairs (expected, actual), relative to max |expected|.

    ``ok`` is False beyond ``tolerance`` relative, for a shape mismatch, or for NaN outputs.
    """
    max_abs, scale, problem = 0.0, 0.0, None
    for expected, actual in pairs:
        if expected.shape != actual.shape:
            problem = f"output shape {actual.shape}, expected {expected.shape}"
            continue
        if not np.all(np.isfinite(actual)):
            problem = "the outputs hold NaN or infinity"
            continue
        diff = np.abs(actual.astype(np.float64) - expected.astype(np.float64))
        max_abs = max(max_abs, float(np.max(diff)) if diff.size else 0.0)
        scale = max(scale, float(np.max(np.abs(expected))) if expected.size else 0.0)
    relative = max_abs / scale if scale > 0 else (0.0 if max_abs == 0 else math.inf)
    return {"max_abs_diff": max_abs, "max_rel_diff": relative, "max_abs_reference": scale,
            "tolerance_rel": tolerance, "ok": problem is None and relative <= tolerance,
            "problem": problem}
