"""What a PyTorch run builds for any workload: model, batch, loss and optimizer, on the device.

Built-in workloads come from :mod:`fwprof.workloads.torch_models` (Adam, Keras' defaults);
reference models from :mod:`fwprof.workloads.reference.torch_models` (AdamW) at the run's size
and sequence length. Both feed the batch of :func:`fwprof.workloads.batches.workload_batch`.
``torch`` is imported inside functions only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fwprof.catalog import CUSTOM_WORKLOAD, is_reference
from fwprof.config import RunSpec
from fwprof.workloads import torch_models
from fwprof.workloads.batches import workload_batch
from fwprof.workloads.pipeline import image_spec
from fwprof.workloads.pipeline.throughput import loader_throughput
from fwprof.workloads.pipeline.torch_loader import torch_batches
from fwprof.workloads.reference import torch_models as reference
from fwprof.workloads.user_model import (
    UserModelError,
    call_builder,
    custom_batch,
    has_losses,
    load_model_file,
)

if TYPE_CHECKING:
    import torch
    from torch import nn

#: Workloads whose images (and convolutions) ``channels_last`` lays out as NHWC.
CHANNELS_LAST_WORKLOADS = ("cnn", "resnet50")

Loss = Callable[["torch.Tensor", "torch.Tensor"], "torch.Tensor"]


@dataclass(frozen=True)
class TorchWorkload:
    """Everything a step needs; the optimizer is made only when a train step asks for it.

    ``next_batch`` gives each step its (inputs, labels) on the device: the one fixed batch, or
    the input pipeline's next (``--data pipeline``, whose own throughput is ``loader``).
    """

    model: nn.Module
    next_batch: Callable[[], tuple[torch.Tensor, torch.Tensor]]
    loss: Loss
    make_optimizer: Callable[[], torch.optim.Optimizer]
    channels_last: bool
    loader: dict[str, Any] = field(default_factory=dict)


def build_torch_workload(spec: RunSpec, device: torch.device) -> TorchWorkload:
    """The model (on ``device``, channels-last where asked and it applies), batch and loss."""
    import torch

    channels_last = spec.channels_last and spec.workload in CHANNELS_LAST_WORKLOADS
    model = _model(spec).to(device)
    if channels_last:
        # Module.to accepts memory_format at run time; torch's type stubs omit it.
        model = model.to(memory_format=torch.channels_last)  # type: ignore[call-overload]
    make_optimizer = functools.partial(_optimizer, spec.workload, model)
    if spec.data == "pipeline":
        next_batch, loader = _pipeline(spec, device, channels_last)
        return TorchWorkload(model, next_batch, _loss(spec), make_optimizer, channels_last, loader)
    fixed = _tensors(spec, device, channels_last)
    return TorchWorkload(model, lambda: fixed, _loss(spec), make_optimizer, channels_last)


def count_parameters(model: nn.Module) -> int:
    """Trainable values (``numel`` of every parameter that requires grad; a tied table once)."""
    return torch_models.count_trainable_params(model)


def _model(spec: RunSpec) -> nn.Module:
    if spec.workload == CUSTOM_WORKLOAD:
        return _user_model(spec.model_file)
    if is_reference(spec.workload):
        return reference.build_torch_model(spec.workload, spec.size, spec.seq_len or None)
    return torch_models.build_model(spec.workload)


def _tensors(spec: RunSpec, device: torch.device,
             channels_last: bool) -> tuple[torch.Tensor, torch.Tensor]:
    import torch

    if spec.workload == CUSTOM_WORKLOAD:
        custom = custom_batch(spec.model_file, spec.batch_size, spec.model_input, spec.model_classes,
                              spec.seed)
        return torch.from_numpy(custom.inputs).to(device), torch.from_numpy(custom.labels).to(device)
    batch = workload_batch(spec.workload, spec.size, spec.seq_len, spec.batch_size, spec.seed)
    if is_reference(spec.workload):
        return reference.to_torch_tensors(batch, spec.workload, channels_last, str(device))
    return torch_models.to_tensors(batch, spec.workload, device, channels_last)


def _loss(spec: RunSpec) -> Loss:
    if spec.workload == CUSTOM_WORKLOAD and has_losses(module := load_model_file(spec.model_file)):
        loss: Loss = call_builder(module, "torch_loss", spec.model_file)
        return loss
    if is_reference(spec.workload):
        return reference.torch_loss(spec.workload)
    return torch_models.make_loss()


def _pipeline(spec: RunSpec, device: torch.device, channels_last: bool) -> tuple[
        Callable[[], tuple[torch.Tensor, torch.Tensor]], dict[str, Any]]:
    """Batches from a DataLoader over the session's JPEGs, moved to the device as a step
    asks; and the loader's own throughput, measured first."""
    import torch

    image_size, _ = image_spec(spec.workload, spec.size)
    batches = torch_batches(Path(spec.data_dir), image_size, spec.batch_size, spec.loader_workers,
                            spec.seed, pin_memory=device.type == "cuda")
    loader = loader_throughput(batches, spec.batch_size, spec.loader_workers)
    layout = torch.channels_last if channels_last else torch.contiguous_format

    def next_batch() -> tuple[torch.Tensor, torch.Tensor]:
        images, labels = next(batches)
        images = images.to(device, non_blocking=True).contiguous(memory_format=layout)
        return images, labels.to(device, non_blocking=True)

    return next_batch, {**loader, "kind": "torch.utils.data.DataLoader (worker processes, Pillow)"}


def _user_model(path: str) -> nn.Module:
    """``torch_model()`` of the user's file (a clear error when it is no ``nn.Module``)."""
    from torch import nn

    model = call_builder(load_model_file(path), "torch_model", path)
    if not isinstance(model, nn.Module):
        raise UserModelError(f"torch_model() in {path} returned {type(model).__name__}, not a "
                             "torch.nn.Module")
    return model


def _optimizer(workload: str, model: nn.Module) -> torch.optim.Optimizer:
    if is_reference(workload):
        return reference.make_torch_adamw(model)
    return torch_models.make_optimizer(model)
