"""The built-in workloads in PyTorch, initialised the way Keras initialises their counterparts.

Every layer gets Keras' default initial values explicitly, so both frameworks start from the same
distributions (fair comparison rule 7): glorot-uniform kernels with fans computed as Keras
computes them, zero biases, orthogonal LSTM recurrent weights with a forget-gate bias of 1, and
uniform(-0.05, 0.05) embeddings. ``torch`` is imported inside functions only.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fwprof.workloads import (
    ADAM_BETAS,
    ADAM_EPSILON,
    ADAM_LEARNING_RATE,
    CNN_DENSE,
    CONV_FILTERS,
    DIGITS_CHANNELS,
    DIGITS_FEATURES,
    DIGITS_SIZE,
    DIGITS_WORKLOADS,
    EMBED_DIM,
    EMBEDDING_INIT_LIMIT,
    FF_DIM,
    IMAGE_CHANNELS,
    IMAGE_SIZE,
    INPUT_FEATURES,
    LAYER_NORM_EPS,
    LSTM_UNITS,
    MLP_HIDDEN,
    NUM_BLOCKS,
    NUM_CLASSES,
    NUM_HEADS,
    SEQ_LEN,
    VOCAB_SIZE,
)
from fwprof.workloads.data import Batch

if TYPE_CHECKING:
    import torch
    from torch import nn


def build_model(workload: str) -> nn.Module:
    """The workload's model on the CPU, with Keras-style initial values from torch's RNG."""
    builders: dict[str, Callable[[], nn.Module]] = {
        "mlp": _mlp, "cnn": _cnn, "lstm": _lstm, "transformer": _transformer,
    }
    if workload not in builders:
        raise ValueError(f"unknown workload {workload!r}")
    model = builders[workload]()
    _init_like_keras(model)
    return model


def build_digits_model(workload: str) -> nn.Module:
    """The workload's 8x8x1 variant for scikit-learn's digits, with Keras-style initial values."""
    if workload not in DIGITS_WORKLOADS:
        raise ValueError(f"no 8x8 digits variant of {workload!r}; known: {', '.join(DIGITS_WORKLOADS)}")
    model = _mlp(DIGITS_FEATURES) if workload == "mlp" else _cnn(DIGITS_SIZE, DIGITS_CHANNELS)
    _init_like_keras(model)
    return model


def make_optimizer(model: nn.Module) -> torch.optim.Adam:
    """Adam with Keras' defaults (lr 1e-3, betas 0.9/0.999, eps 1e-7) over trainable parameters."""
    import torch

    trainable = [p for p in model.parameters() if p.requires_grad]
    return torch.optim.Adam(
        trainable, lr=ADAM_LEARNING_RATE, betas=ADAM_BETAS, eps=ADAM_EPSILON
    )


def make_loss() -> nn.CrossEntropyLoss:
    """Sparse categorical cross-entropy from logits, averaged over the batch."""
    from torch import nn

    return nn.CrossEntropyLoss(reduction="mean")


def to_tensors(
    batch: Batch, workload: str, device: torch.device, channels_last: bool = False
) -> tuple[torch.Tensor, torch.Tensor]:
    """The batch as (inputs, labels) on ``device``; images become NCHW (or channels-last)."""
    import torch

    inputs = torch.from_numpy(batch.inputs)
    if workload == "cnn":
        layout = torch.channels_last if channels_last else torch.contiguous_format
        inputs = inputs.permute(0, 3, 1, 2).contiguous(memory_format=layout)
    return inputs.to(device), torch.from_numpy(batch.labels).to(device)


def count_trainable_params(model: nn.Module) -> int:
    """Number of values the optimizer updates."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def optimizer_settings(optimizer: torch.optim.Optimizer) -> dict[str, Any]:
    """The Adam hyper-parameters as set, in Keras' names, for comparison with Keras."""
    group = optimizer.param_groups[0]
    return {
        "name": type(optimizer).__name__.lower(),
        "learning_rate": float(group["lr"]),
        "beta_1": float(group["betas"][0]),
        "beta_2": float(group["betas"][1]),
        "epsilon": float(group["eps"]),
        "amsgrad": bool(group["amsgrad"]),
        "weight_decay": float(group["weight_decay"]),
    }


def loss_settings(loss: nn.CrossEntropyLoss) -> dict[str, Any]:
    """What the loss computes, in framework-neutral words, for comparison with Keras."""
    return {
        "name": "sparse_categorical_crossentropy",
        "from_logits": True,  # CrossEntropyLoss always takes logits
        "reduction": {"mean": "mean_over_batch"}.get(loss.reduction, loss.reduction),
        "label_smoothing": float(loss.label_smoothing),
    }


def layer_norm_eps(model: nn.Module) -> set[float]:
    """The epsilon of every LayerNorm in the model (empty when it has none)."""
    from torch import nn

    return {float(m.eps) for m in model.modules() if isinstance(m, nn.LayerNorm)}


def keras_glorot_limit(keras_shape: tuple[int, ...]) -> float:
    """Bound of Keras' glorot_uniform for a kernel of ``keras_shape`` (Keras' fan rules)."""
    receptive_field = math.prod(keras_shape[:-2])
    fan_in = keras_shape[-2] * receptive_field
    fan_out = keras_shape[-1] * receptive_field
    return math.sqrt(6.0 / (fan_in + fan_out))


def _mlp(features: int = INPUT_FEATURES) -> nn.Module:
    from torch import nn

    return nn.Sequential(OrderedDict(
        hidden1=nn.Linear(features, MLP_HIDDEN), relu1=nn.ReLU(),
        hidden2=nn.Linear(MLP_HIDDEN, MLP_HIDDEN), relu2=nn.ReLU(),
        head=nn.Linear(MLP_HIDDEN, NUM_CLASSES),
    ))


def _cnn(size: int = IMAGE_SIZE, channels: int = IMAGE_CHANNELS) -> nn.Module:
    from torch import nn

    first, second = CONV_FILTERS
    flat = second * (size // 4) ** 2
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(channels, first, 3, padding="same"), relu1=nn.ReLU(),
        pool1=nn.MaxPool2d(2),
        conv2=nn.Conv2d(first, second, 3, padding="same"), relu2=nn.ReLU(),
        pool2=nn.MaxPool2d(2),
        flatten=nn.Flatten(), dense=nn.Linear(flat, CNN_DENSE), relu3=nn.ReLU(),
        head=nn.Linear(CNN_DENSE, NUM_CLASSES),
    ))


def _lstm() -> nn.Module:
    from torch import nn

    class LstmClassifier(nn.Module):
        """Embedding -> one LSTM layer -> last hidden state -> logits."""

        def __init__(self) -> None:
            super().__init__()
            self.embedding = nn.Embedding(VOCAB_SIZE, EMBED_DIM)
            self.lstm = nn.LSTM(EMBED_DIM, LSTM_UNITS, batch_first=True)
            self.head = nn.Linear(LSTM_UNITS, NUM_CLASSES)

        def forward(self, tokens: torch.Tensor) -> torch.Tensor:
            _, (hidden, _) = self.lstm(self.embedding(tokens))
            return self.head(hidden[-1])  # type: ignore[no-any-return]

    return LstmClassifier()


def _transformer() -> nn.Module:
    from torch import nn

    class TransformerClassifier(nn.Module):
        """Token + learned position embeddings -> post-norm encoder blocks -> mean -> logits."""

        def __init__(self) -> None:
            super().__init__()
            self.tokens = nn.Embedding(VOCAB_SIZE, EMBED_DIM)
            self.positions = nn.Embedding(SEQ_LEN, EMBED_DIM)
            self.blocks = nn.Sequential(*(_encoder_block() for _ in range(NUM_BLOCKS)))
            self.head = nn.Linear(EMBED_DIM, NUM_CLASSES)

        def forward(self, tokens: torch.Tensor) -> torch.Tensor:
            features = self.blocks(self.tokens(tokens) + self.positions.weight)
            return self.head(features.mean(dim=1))  # type: ignore[no-any-return]

    return TransformerClassifier()


def _encoder_block() -> nn.Module:
    from torch import nn

    return nn.TransformerEncoderLayer(
        EMBED_DIM, NUM_HEADS, dim_feedforward=FF_DIM, dropout=0.0, activation="relu",
        layer_norm_eps=LAYER_NORM_EPS, batch_first=True, norm_first=False,
    )


def _init_like_keras(model: nn.Module) -> None:
    """Overwrite torch's default initial values with Keras' defaults, layer by layer."""
    import torch
    from torch import nn

    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, (nn.Linear, nn.Conv2d)):
                _init_kernel_and_bias(module)
            elif isinstance(module, nn.Embedding):
                module.weight.uniform_(-EMBEDDING_INIT_LIMIT, EMBEDDING_INIT_LIMIT)
            elif isinstance(module, nn.LSTM):
                _init_lstm(module)
        # Attention last: it re-initialises its out_proj Linear, which the loop above also saw.
        for module in model.modules():
            if isinstance(module, nn.MultiheadAttention):
                _init_attention(module)


def _glorot_uniform_(weight: torch.Tensor, keras_shape: tuple[int, ...]) -> None:
    limit = keras_glorot_limit(keras_shape)
    weight.uniform_(-limit, limit)


def _init_kernel_and_bias(layer: nn.Linear | nn.Conv2d) -> None:
    """Keras Dense/Conv2D: glorot_uniform kernel, zero bias. Keras' kernel layouts differ from
    torch's ((in, out) and (kh, kw, in, out)), but glorot depends only on the fans."""
    shape = tuple(layer.weight.shape)
    keras_shape = (shape[1], shape[0]) if len(shape) == 2 else (*shape[2:], shape[1], shape[0])
    _glorot_uniform_(layer.weight, keras_shape)
    if layer.bias is not None:
        layer.bias.zero_()


def _init_lstm(lstm: nn.LSTM) -> None:
    """Keras LSTM: glorot kernel, orthogonal recurrent kernel, zero bias with forget bias 1.

    torch has two bias vectors (input and recurrent) where Keras has one. The recurrent one is set
    to zero and frozen, so trainable parameter counts and the effective bias are the same.
    Gate order is (input, forget, cell, output) in both frameworks.
    """
    from torch import nn

    units = lstm.hidden_size
    for layer in range(lstm.num_layers):
        weight_ih: torch.Tensor = getattr(lstm, f"weight_ih_l{layer}")
        _glorot_uniform_(weight_ih, tuple(reversed(weight_ih.shape)))
        nn.init.orthogonal_(getattr(lstm, f"weight_hh_l{layer}"))
        bias_ih: torch.Tensor = getattr(lstm, f"bias_ih_l{layer}")
        bias_ih.zero_()[units : 2 * units] = 1.0
        getattr(lstm, f"bias_hh_l{layer}").zero_().requires_grad_(False)


def _init_attention(attention: nn.MultiheadAttention) -> None:
    """Keras MultiHeadAttention: glorot kernels shaped (d, heads, key_dim) for query, key and
    value, (heads, key_dim, d) for the output; Keras 3 takes their fans from the einsum's input
    and output axes, i.e. as for (d, heads * key_dim) and (heads * key_dim, d) matrices. torch
    packs query, key and value into one (3d, d) matrix: each third gets Keras' bound."""
    dim = attention.embed_dim  # = heads * key_dim in both frameworks
    _glorot_uniform_(attention.in_proj_weight, (dim, dim))
    _glorot_uniform_(attention.out_proj.weight, (dim, dim))
    attention.in_proj_bias.zero_()
    attention.out_proj.bias.zero_()
