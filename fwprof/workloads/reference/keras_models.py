"""Keras side of the reference models: model, loss, AdamW, and settings read back.

Keras 3 with the TensorFlow backend; ``keras`` is imported inside functions only and Keras
objects are typed ``Any``. Inputs are the NumPy arrays of a ``Batch`` as they are.
"""

from __future__ import annotations

from typing import Any

from fwprof.workloads import keras_models
from fwprof.workloads.reference.keras_resnet import build_keras_resnet
from fwprof.workloads.reference.keras_transformer import build_keras_transformer
from fwprof.workloads.reference.sizes import ResNetConfig, check_model_name, model_config
from fwprof.workloads.reference.training import (
    ADAMW_BETAS,
    ADAMW_EPSILON,
    ADAMW_LEARNING_RATE,
    ADAMW_WEIGHT_DECAY,
)


def build_keras_model(name: str, size: str, seq_len: int | None = None) -> Any:
    """Reference model ``name`` at ``size``, built (weights created from Keras' RNG).

    It takes one input, NHWC float images or (batch, seq) int64 token ids, and returns logits:
    (batch, classes), or (batch, seq, vocab) for GPT-2.
    """
    config = model_config(name, size, seq_len)
    if isinstance(config, ResNetConfig):
        return build_keras_resnet(config)
    return build_keras_transformer(config)


def keras_loss(name: str) -> Any:
    """Mean cross-entropy from logits over every label: per example, or per position for GPT-2
    (Keras averages over all (batch, seq) labels without flattening)."""
    import keras

    check_model_name(name)
    return keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def make_keras_adamw(model: Any) -> Any:
    """AdamW (lr 1e-4, betas 0.9/0.999, eps 1e-8, weight decay 0.01 on every trainable variable),
    its slots already built so variable creation stays out of the first step."""
    import keras

    optimizer = keras.optimizers.AdamW(
        learning_rate=ADAMW_LEARNING_RATE, weight_decay=ADAMW_WEIGHT_DECAY, beta_1=ADAMW_BETAS[0],
        beta_2=ADAMW_BETAS[1], epsilon=ADAMW_EPSILON,
    )
    optimizer.build(model.trainable_variables)
    return optimizer


def count_keras_parameters(model: Any) -> int:
    """Trainable values (a tied table counts once; BatchNorm moving statistics are not trainable)."""
    return int(keras_models.count_trainable_params(model))


def keras_optimizer_settings(optimizer: Any) -> dict[str, Any]:
    """The AdamW hyper-parameters as set."""
    return keras_models.optimizer_settings(optimizer)


def keras_loss_settings(loss: Any) -> dict[str, Any]:
    """What the loss computes, in the framework-neutral words of ``training.LOSS_SETTINGS``."""
    config = loss.get_config()
    reduction = config["reduction"]
    return {
        "name": config["name"],
        "from_logits": bool(config["from_logits"]),
        "reduction": {"sum_over_batch_size": "mean_over_all_labels"}.get(reduction, reduction),
        "label_smoothing": 0.0,  # SparseCategoricalCrossentropy has no label smoothing
        "ignored_label": config["ignore_class"],
    }


def keras_norm_settings(model: Any) -> set[tuple[str, float, float | None]]:
    """(kind, eps, weight of the new batch in moving statistics) of every norm layer: Keras'
    momentum m keeps m of the old statistic, so the new batch weighs 1 - m (torch's momentum)."""
    from keras import layers

    found: set[tuple[str, float, float | None]] = set()
    for layer in model.layers:
        if isinstance(layer, layers.BatchNormalization):
            found.add(("batch_norm", float(layer.epsilon), round(1.0 - float(layer.momentum), 12)))
        elif isinstance(layer, layers.LayerNormalization):
            found.add(("layer_norm", float(layer.epsilon), None))
    return found
