"""A PyTorch rank: ``DistributedDataParallel`` over gloo (CPU) or nccl (one GPU per rank).

The process group is initialised from the variables torchrun sets (``env://``). Every rank
builds the model from the same seed (DDP also broadcasts rank 0's weights) and trains on its
shard of the one global batch. The compute-only step runs under ``DDP.no_sync()``: the same
forward, backward and optimizer step, without the gradient all-reduce.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from fwprof.catalog import is_reference
from fwprof.child.torch_backend import _backward, _build_info
from fwprof.child.torch_precision import set_tf32, torch_precision
from fwprof.child.torch_workload import Loss, build_torch_workload
from fwprof.config import RunSpec
from fwprof.scenarios.distributed.group import GroupSpec, RankContext
from fwprof.scenarios.distributed.rank import RankSteps, shard_batch
from fwprof.workloads import torch_models
from fwprof.workloads.data import make_batch
from fwprof.workloads.reference import torch_models as reference

if TYPE_CHECKING:
    import torch
    from torch import nn

_ENV_NAMES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "MASTER_ADDR", "MASTER_PORT",
              "TORCHELASTIC_RUN_ID", "NCCL_NVLS_ENABLE")


class TorchDDPBackend:
    """See :class:`fwprof.scenarios.distributed.rank.RankBackend`."""

    def __init__(self) -> None:
        self._device = "cpu"
        self._backend = "gloo"
        self.last_value = float("nan")

    def configure(self, spec: RunSpec, group: GroupSpec, ctx: RankContext) -> dict[str, Any]:
        """Threads, precision and seed, then ``init_process_group`` (the rendezvous)."""
        for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, str(spec.threads))
        import torch
        import torch.distributed as dist

        self._device = _rank_device(spec.device, ctx.local_rank)
        self._backend = "nccl" if spec.device == "cuda" else "gloo"
        torch.set_num_threads(spec.threads)
        torch.set_num_interop_threads(spec.interop_threads)
        set_tf32(spec.precision)
        torch.manual_seed(spec.seed)
        device_id = torch.device(self._device) if spec.device == "cuda" else None
        dist.init_process_group(backend=self._backend, device_id=device_id)
        return self._info(spec, group, ctx)

    def build(self, spec: RunSpec, group: GroupSpec, ctx: RankContext) -> RankSteps:
        """DDP model, this rank's batch, the workload's optimizer, in the run's precision; the
        synchronised and the compute-only step."""
        import torch
        from torch.nn.parallel import DistributedDataParallel

        device = torch.device(self._device)
        model, inputs, labels, loss_fn, make_optimizer = _rank_workload(spec, group, ctx, device)
        ids = [device.index] if device.type == "cuda" else None
        ddp = DistributedDataParallel(model, device_ids=ids)
        optimizer = make_optimizer(ddp)
        precision = torch_precision(spec.precision, device.type)
        update = precision.updater(optimizer, _backward(compiled=False))
        on_cuda = device.type == "cuda"

        def step() -> None:
            optimizer.zero_grad(set_to_none=True)
            with precision.autocast():
                loss = loss_fn(ddp(inputs), labels)
            update(loss)
            if on_cuda:
                torch.cuda.synchronize()
            self.last_value = loss.item()

        def compute_step() -> None:
            with ddp.no_sync():
                step()

        return RankSteps(step, compute_step)

    def counters(self) -> dict[str, int]:
        return {}

    def close(self) -> None:
        import torch.distributed as dist

        dist.barrier()
        dist.destroy_process_group()

    def _info(self, spec: RunSpec, group: GroupSpec, ctx: RankContext) -> dict[str, Any]:
        import torch
        import torch.distributed as dist

        return {
            "framework": "torch", "version": torch.__version__, "build": _build_info(),
            "threads": torch.get_num_threads(), "interop_threads": torch.get_num_interop_threads(),
            "precision": spec.precision, "tf32": bool(torch.backends.cuda.matmul.allow_tf32),
            "tf32_settings": {"float32_matmul_precision": torch.get_float32_matmul_precision()},
            "device": torch.cuda.get_device_name(self._device) if spec.device == "cuda" else "cpu",
            "env": {name: os.environ.get(name) for name in _ENV_NAMES},
            "data_parallel": {
                "api": "torch.nn.parallel.DistributedDataParallel", "launcher": "torchrun",
                "backend": dist.get_backend(), "world_size": dist.get_world_size(),
                "rank": dist.get_rank(), "local_rank": ctx.local_rank,
                "per_worker_batch": spec.batch_size, "global_batch": group.global_batch,
                "rank_device": self._device,
            },
        }


def _rank_workload(spec: RunSpec, group: GroupSpec, ctx: RankContext, device: torch.device) -> tuple[
        nn.Module, torch.Tensor, torch.Tensor, Loss, Callable[[nn.Module], torch.optim.Optimizer]]:
    """Model, this rank's inputs and labels, loss and optimizer maker. A built-in workload
    trains on its shard of the one global batch; a reference model is built as ordinary runs
    build it (its size, channels-last, AdamW) on a per-worker batch of its own (seed + rank)."""
    if is_reference(spec.workload):
        work = build_torch_workload(replace(spec, seed=spec.seed + ctx.rank), device)
        inputs, labels = work.next_batch()
        return (work.model, inputs, labels, work.loss,
                reference.make_torch_adamw)
    model = torch_models.build_model(spec.workload).to(device)
    batch = shard_batch(make_batch(spec.workload, group.global_batch, spec.seed), ctx)
    inputs, labels = torch_models.to_tensors(batch, spec.workload, device)
    return model, inputs, labels, torch_models.make_loss(), torch_models.make_optimizer


def _rank_device(device: str, local_rank: int) -> str:
    """``cpu``, or this rank's GPU (``cuda:LOCAL_RANK``) with a clear error if it is missing."""
    if device != "cuda":
        return "cpu"
    import torch

    count = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if local_rank >= count:
        raise RuntimeError(
            f"local rank {local_rank} needs GPU {local_rank}, but torch {torch.__version__} "
            f"sees {count} CUDA GPU(s); use at most {count} workers per node"
        )
    torch.cuda.set_device(local_rank)
    return f"cuda:{local_rank}"
