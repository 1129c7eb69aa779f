"""The one fixed batch of any workload, built-in or reference (no framework imported here)."""

from __future__ import annotations

from fwprof.workloads.data import Batch, make_batch
from fwprof.workloads.reference.data import make_reference_batch
from fwprof.workloads.reference.sizes import REFERENCE_MODELS


def workload_batch(workload: str, size: str, seq_len: int, batch_size: int, seed: int) -> Batch:
    """The batch a run feeds every step: a reference model's at ``size`` (and ``seq_len``, 0:
    the size's own), else the built-in workload's; same arguments, same arrays."""
    if workload in REFERENCE_MODELS:
        return make_reference_batch(workload, size, batch_size, seed, seq_len or None)
    return make_batch(workload, batch_size, seed)
