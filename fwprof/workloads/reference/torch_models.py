"""PyTorch side of the reference models: model, loss, AdamW, tensors, and settings read back.

Every function imports ``torch`` inside; models live on the CPU (move them yourself).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from fwprof.workloads import torch_models
from fwprof.workloads.data import Batch
from fwprof.workloads.reference.sizes import ResNetConfig, check_model_name, model_config
from fwprof.workloads.reference.torch_resnet import build_torch_resnet
from fwprof.workloads.reference.torch_transformer import build_torch_transformer
from fwprof.workloads.reference.training import (
    ADAMW_BETAS,
    ADAMW_EPSILON,
    ADAMW_LEARNING_RATE,
    ADAMW_WEIGHT_DECAY,
)

if TYPE_CHECKING:
    import torch
    from torch import nn

IMAGE_MODELS = ("resnet50", "vit-b16")


def build_torch_model(name: str, size: str, seq_len: int | None = None) -> nn.Module:
    """Reference model ``name`` at ``size`` on the CPU, in training mode, initialised explicitly.

    It takes one tensor, NCHW float images or (batch, seq) int64 token ids, and returns logits:
    (batch, classes), or (batch, seq, vocab) for GPT-2.
    """
    config = model_config(name, size, seq_len)
    if isinstance(config, ResNetConfig):
        return build_torch_resnet(config)
    return build_torch_transformer(config)


def torch_loss(name: str) -> nn.CrossEntropyLoss:
    """Mean cross-entropy from logits; for GPT-2 over every position, flattened."""
    from torch import nn

    check_model_name(name)
    return _token_cross_entropy_class()() if name == "gpt2-small" else nn.CrossEntropyLoss()


def make_torch_adamw(model: nn.Module) -> torch.optim.AdamW:
    """AdamW (lr 1e-4, betas 0.9/0.999, eps 1e-8, weight decay 0.01) over every trainable parameter."""
    import torch

    trainable = [p for p in model.parameters() if p.requires_grad]
    return torch.optim.AdamW(
        trainable, lr=ADAMW_LEARNING_RATE, betas=ADAMW_BETAS, eps=ADAMW_EPSILON,
        weight_decay=ADAMW_WEIGHT_DECAY,
    )


def to_torch_tensors(
    batch: Batch, name: str, channels_last: bool = False, device: str = "cpu"
) -> tuple[torch.Tensor, torch.Tensor]:
    """The batch as (inputs, labels) on ``device``; NHWC images become NCHW (or channels-last)."""
    import torch

    inputs = torch.from_numpy(batch.inputs)
    if name in IMAGE_MODELS:
        layout = torch.channels_last if channels_last else torch.contiguous_format
        inputs = inputs.permute(0, 3, 1, 2).contiguous(memory_format=layout)
    return inputs.to(device), torch.from_numpy(batch.labels).to(device)


def count_torch_parameters(model: nn.Module) -> int:
    """Trainable values (a tied table counts once; BatchNorm running statistics are buffers)."""
    return torch_models.count_trainable_params(model)


def torch_optimizer_settings(optimizer: torch.optim.Optimizer) -> dict[str, Any]:
    """The AdamW hyper-parameters as set, in Keras' names."""
    return torch_models.optimizer_settings(optimizer)


def torch_loss_settings(loss: nn.CrossEntropyLoss) -> dict[str, Any]:
    """What the loss computes, in the framework-neutral words of ``training.LOSS_SETTINGS``."""
    return {
        "name": "sparse_categorical_crossentropy",
        "from_logits": True,  # CrossEntropyLoss always takes logits
        "reduction": {"mean": "mean_over_all_labels"}.get(loss.reduction, loss.reduction),
        "label_smoothing": float(loss.label_smoothing),
        "ignored_label": None if loss.ignore_index < 0 else loss.ignore_index,  # -100: none
    }


def torch_norm_settings(model: nn.Module) -> set[tuple[str, float, float | None]]:
    """(kind, eps, weight of the new batch in running statistics) of every norm layer."""
    from torch import nn

    found: set[tuple[str, float, float | None]] = set()
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            found.add(("batch_norm", float(module.eps), float(module.momentum or 0.0)))
        elif isinstance(module, nn.LayerNorm):
            found.add(("layer_norm", float(module.eps), None))
    return found


@functools.cache
def _token_cross_entropy_class() -> type[nn.CrossEntropyLoss]:
    from torch import nn

    class TokenCrossEntropy(nn.CrossEntropyLoss):
        """Cross-entropy of (batch, seq, vocab) logits against (batch, seq) next tokens, averaged
        over every position of every sequence."""

        def forward(self, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
            return super().forward(logits.flatten(0, -2), labels.flatten())

    return TokenCrossEntropy
