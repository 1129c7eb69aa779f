"""Mixed precision on the PyTorch side: what autocasts the forward pass and scales the loss.

``bf16`` and ``fp16`` run the forward pass and the loss under ``torch.autocast(device, dtype)``
(weights, gradients and the AdamW update stay float32); ``fp16`` also scales the loss with
``torch.amp.GradScaler`` (scale, step, update), as Keras' ``LossScaleOptimizer`` does on the
TensorFlow side. ``fp32`` and ``tf32`` autocast nothing. TF32 is allowed for ``tf32`` only, so
the float32 parts of a mixed-precision step run in full float32 on both sides.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

Backward = Callable[["torch.Tensor"], None]
#: Backward and the optimizer step of a train step, given its loss.
Update = Callable[["torch.Tensor"], None]

#: The autocast dtype of each mixed precision, by torch attribute name.
AUTOCAST_DTYPES = {"bf16": "bfloat16", "fp16": "float16"}


@dataclass(frozen=True)
class TorchPrecision:
    """How a step runs in one precision: the autocast region and the loss scaler, if any."""

    precision: str
    device_type: str
    dtype: torch.dtype | None  # None: no autocast
    scaler: torch.amp.GradScaler | None  # fp16 only

    def autocast(self) -> contextlib.AbstractContextManager[Any]:
        """The region the forward pass and the loss run in."""
        import torch

        if self.dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device_type, dtype=self.dtype)

    def updater(self, optimizer: torch.optim.Optimizer, backward: Backward) -> Update:
        """Backward and the optimizer step; with fp16's GradScaler: backward of the scaled loss,
        then the scaler's step (unscale, skip a non-finite step) and update of the scale."""
        scaler = self.scaler
        if scaler is None:
            def update(loss: torch.Tensor) -> None:
                backward(loss)
                optimizer.step()
            return update

        def scaled_update(loss: torch.Tensor) -> None:
            backward(scaler.scale(loss))
            scaler.step(optimizer)
            scaler.update()

        return scaled_update

    def info(self) -> dict[str, Any]:
        """What was set, for the run's record."""
        return {"precision": self.precision, "autocast": None if self.dtype is None else str(self.dtype),
                "grad_scaler": self.scaler is not None}


def torch_precision(precision: str, device_type: str) -> TorchPrecision:
    """The autocast dtype and loss scaler ``precision`` asks for on ``device_type``."""
    import torch

    name = AUTOCAST_DTYPES.get(precision)
    dtype = None if name is None else getattr(torch, name)
    scaler = torch.amp.GradScaler(device_type) if precision == "fp16" else None
    return TorchPrecision(precision, device_type, dtype, scaler)


def set_tf32(precision: str) -> None:
    """TF32 matmuls and convolutions for ``tf32`` only; every other precision keeps float32
    work in full float32."""
    import torch

    allow_tf32 = precision == "tf32"
    torch.set_float32_matmul_precision("high" if allow_tf32 else "highest")
    torch.backends.cuda.matmul.allow_tf32 = allow_tf32
    torch.backends.cudnn.allow_tf32 = allow_tf32
