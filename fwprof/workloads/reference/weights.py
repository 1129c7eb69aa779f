"""Copy a Keras reference model's weights into its PyTorch twin, so both hold the same values.

The Keras layer of torch module ``a.b.c`` is named ``a_b_c``. Per module kind, torch's tensors
come from Keras variables (by their short names) with a layout change where the layouts differ:
a Linear's (out, in) weight is the transposed (in, out) kernel; a Conv2d's (out, in, kh, kw)
weight is the (kh, kw, in, out) kernel permuted. Every Keras variable must be used exactly once
and every torch parameter and buffer filled (BatchNorm's ``num_batches_tracked`` excepted).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from torch import nn

Array = npt.NDArray[Any]
Convert = Callable[[Array], Array]


def _same(array: Array) -> Array:
    return array


def _transposed(array: Array) -> Array:
    return array.T


def _conv_kernel(array: Array) -> Array:
    return array.transpose(3, 2, 0, 1)


#: Per torch module class: torch tensor name -> (Keras variable name, layout change).
_CONVERSIONS: dict[str, dict[str, tuple[str, Convert]]] = {
    "Linear": {"weight": ("kernel", _transposed), "bias": ("bias", _same)},
    "Conv2d": {"weight": ("kernel", _conv_kernel), "bias": ("bias", _same)},
    "Embedding": {"weight": ("embeddings", _same)},
    "LayerNorm": {"weight": ("gamma", _same), "bias": ("beta", _same)},
    "BatchNorm2d": {
        "weight": ("gamma", _same), "bias": ("beta", _same),
        "running_mean": ("moving_mean", _same), "running_var": ("moving_variance", _same),
    },
}


def torch_state_from_keras(keras_model: Any, torch_model: nn.Module) -> dict[str, Array]:
    """Keras' weights as a torch state dict (NumPy arrays), keyed by torch's names."""
    state: dict[str, Array] = {}
    used = 0
    for module_name, module in torch_model.named_modules():
        conversions = _CONVERSIONS.get(type(module).__name__, {})
        if not conversions:
            continue
        layer = keras_model.get_layer(module_name.replace(".", "_"))
        arrays = {variable.name: np.asarray(variable.numpy()) for variable in layer.weights}
        for torch_name, (keras_name, convert) in conversions.items():
            if getattr(module, torch_name, None) is not None:
                state[f"{module_name}.{torch_name}"] = convert(arrays[keras_name])
                used += 1
    if used != len(keras_model.weights):
        raise ValueError(f"{len(keras_model.weights) - used} Keras variables have no torch counterpart")
    return state


def copy_keras_weights_into_torch(keras_model: Any, torch_model: nn.Module) -> None:
    """Overwrite every torch parameter and buffer with its Keras counterpart's values."""
    import torch

    state = torch_state_from_keras(keras_model, torch_model)
    tensors = {key: torch.from_numpy(np.ascontiguousarray(value)) for key, value in state.items()}
    missing, unexpected = torch_model.load_state_dict(tensors, strict=False)
    unfilled = [key for key in missing if not key.endswith("num_batches_tracked")]
    if unfilled or unexpected:
        raise ValueError(f"weights do not match: missing {unfilled}, unexpected {unexpected}")
