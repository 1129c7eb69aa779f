"""What a framework provides to a rank (:class:`RankBackend`), and what every rank shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from fwprof.child.backend import StepFn
from fwprof.config import RunSpec
from fwprof.scenarios.distributed.group import GroupSpec, RankContext
from fwprof.workloads.data import Batch


@dataclass(frozen=True)
class RankSteps:
    """A rank's two step functions: with the gradient all-reduce, and compute only."""

    step: StepFn
    compute_step: StepFn


class RankBackend(Protocol):
    """One framework's side of a rank; methods are called in order by the worker."""

    def configure(self, spec: RunSpec, group: GroupSpec, ctx: RankContext) -> dict[str, Any]:
        """Import the framework, set threads, precision and device, join the group."""
        ...

    def build(self, spec: RunSpec, group: GroupSpec, ctx: RankContext) -> RankSteps:
        """Model, this rank's shard of the global batch, optimizer; the two step functions."""
        ...

    def counters(self) -> dict[str, int]:
        """Retrace counts observed so far."""
        ...

    def close(self) -> None:
        """Wait for every rank (a last collective), then leave the group."""
        ...


def load_rank_backend(framework: str) -> RankBackend:
    """The rank backend for a framework name (imports fwprof code only, not the framework)."""
    if framework == "torch":
        from fwprof.scenarios.distributed.torch_ddp import TorchDDPBackend

        return TorchDDPBackend()
    if framework == "tensorflow":
        from fwprof.scenarios.distributed.tf_mwms import MultiWorkerBackend

        return MultiWorkerBackend()
    raise ValueError(f"unknown framework {framework!r}")


def shard_batch(batch: Batch, ctx: RankContext) -> Batch:
    """This rank's contiguous part of the global batch (every rank made the same batch)."""
    part = ctx.shard(len(batch.labels))
    return Batch(inputs=batch.inputs[part], labels=batch.labels[part])
