"""What a PyTorch run builds for any workload: model, batch, loss and optimizer, on the device.

Built-in workloads come from :mod:`fwprof.workloads.torch_models` (Adam, Keras' defaults);
reference models from :mod:`fwprof.workloads.reference.torch_models` (AdamW) at the run's size
and sequence length. Both feed the batch of :func:`fwprof.workloads.batches.workload_batch`.
``torch`` is imported inside functions only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fwprof.catalog import is_reference
from fwprof.config import RunSpec
from fwprof.workloads import torch_models
from fwprof.workloads.batches import workload_batch
from fwprof.workloads.reference import torch_models as reference

if TYPE_CHECKING:
    import torch
    from torch import nn

#: Workloads whose images (and convolutions) ``channels_last`` lays out as NHWC.
CHANNELS_LAST_WORKLOADS = ("cnn", "resnet50")

Loss = Callable[["torch.Tensor", "torch.Tensor"], "torch.Tensor"]


@dataclass(frozen=True)
class TorchWorkload:
    """Everything a step needs; the optimizer is made only when a train step asks for it."""

    model: nn.Module
    inputs: torch.Tensor
    labels: torch.Tensor
    loss: Loss
    make_optimizer: Callable[[], torch.optim.Optimizer]
    channels_last: bool


def build_torch_workload(spec: RunSpec, device: torch.device) -> TorchWorkload:
    """The model (on ``device``, channels-last where asked and it applies), batch and loss."""
    import torch

    channels_last = spec.channels_last and spec.workload in CHANNELS_LAST_WORKLOADS
    model = _model(spec).to(device)
    if channels_last:
        # Module.to accepts memory_format at run time; torch's type stubs omit it.
        model = model.to(memory_format=torch.channels_last)  # type: ignore[call-overload]
    inputs, labels = _tensors(spec, device, channels_last)
    return TorchWorkload(model, inputs, labels, _loss(spec.workload),
                         functools.partial(_optimizer, spec.workload, model), channels_last)


def count_parameters(model: nn.Module) -> int:
    """Trainable values (``numel`` of every parameter that requires grad; a tied table once)."""
    return torch_models.count_trainable_params(model)


def _model(spec: RunSpec) -> nn.Module:
    if is_reference(spec.workload):
        return reference.build_torch_model(spec.workload, spec.size, spec.seq_len or None)
    return torch_models.build_model(spec.workload)


def _tensors(spec: RunSpec, device: torch.device,
             channels_last: bool) -> tuple[torch.Tensor, torch.Tensor]:
    batch = workload_batch(spec.workload, spec.size, spec.seq_len, spec.batch_size, spec.seed)
    if is_reference(spec.workload):
        return reference.to_torch_tensors(batch, spec.workload, channels_last, str(device))
    return torch_models.to_tensors(batch, spec.workload, device, channels_last)


def _loss(workload: str) -> Loss:
    return reference.torch_loss(workload) if is_reference(workload) else torch_models.make_loss()


def _optimizer(workload: str, model: nn.Module) -> torch.optim.Optimizer:
    if is_reference(workload):
        return reference.make_torch_adamw(model)
    return torch_models.make_optimizer(model)
