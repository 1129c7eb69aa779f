"""The built-in workloads in Keras 3 (TensorFlow backend), with Keras' default initialisers.

Layers are named so a test can map each weight onto its PyTorch counterpart. ``keras`` is
imported inside functions only; Keras objects are typed ``Any`` (Keras ships no type hints).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

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
    KEY_DIM,
    LAYER_NORM_EPS,
    LSTM_UNITS,
    MLP_HIDDEN,
    NUM_BLOCKS,
    NUM_CLASSES,
    NUM_HEADS,
    SEQ_LEN,
    VOCAB_SIZE,
)


def build_model(workload: str) -> Any:
    """The workload's built Keras model (weights created, initialised from Keras' RNG)."""
    builders: dict[str, Callable[[], Any]] = {
        "mlp": _mlp, "cnn": _cnn, "lstm": _lstm, "transformer": _transformer,
    }
    if workload not in builders:
        raise ValueError(f"unknown workload {workload!r}")
    return builders[workload]()


def build_digits_model(workload: str) -> Any:
    """The workload's 8x8x1 variant for scikit-learn's digits (built, Keras' initialisers)."""
    if workload not in DIGITS_WORKLOADS:
        raise ValueError(f"no 8x8 digits variant of {workload!r}; known: {', '.join(DIGITS_WORKLOADS)}")
    return _mlp(DIGITS_FEATURES) if workload == "mlp" else _cnn(DIGITS_SIZE, DIGITS_CHANNELS)


def make_optimizer(model: Any) -> Any:
    """Adam with Keras' defaults, its slots already built for the model's trainable weights.

    Building ahead keeps variable creation out of the first traced step.
    """
    import keras

    optimizer = keras.optimizers.Adam(
        learning_rate=ADAM_LEARNING_RATE, beta_1=ADAM_BETAS[0], beta_2=ADAM_BETAS[1],
        epsilon=ADAM_EPSILON,
    )
    optimizer.build(model.trainable_variables)
    return optimizer


def make_loss() -> Any:
    """Sparse categorical cross-entropy from logits, averaged over the batch."""
    import keras

    return keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def count_trainable_params(model: Any) -> int:
    """Number of values the optimizer updates."""
    return sum(math.prod(w.shape) for w in model.trainable_weights)


def optimizer_settings(optimizer: Any) -> dict[str, Any]:
    """The Adam hyper-parameters as set, for comparison with PyTorch."""
    config = optimizer.get_config()
    return {
        "name": type(optimizer).__name__.lower(),  # config["name"] gets a suffix: "adam_7"
        "learning_rate": float(config["learning_rate"]),
        "beta_1": float(config["beta_1"]),
        "beta_2": float(config["beta_2"]),
        "epsilon": float(config["epsilon"]),
        "amsgrad": bool(config["amsgrad"]),
        "weight_decay": float(config["weight_decay"] or 0.0),
    }


def loss_settings(loss: Any) -> dict[str, Any]:
    """What the loss computes, in framework-neutral words, for comparison with PyTorch."""
    config = loss.get_config()
    reduction = config["reduction"]
    return {
        "name": config["name"],
        "from_logits": bool(config["from_logits"]),
        "reduction": {"sum_over_batch_size": "mean_over_batch"}.get(reduction, reduction),
        "label_smoothing": 0.0,  # SparseCategoricalCrossentropy has no label smoothing
    }


def layer_norm_eps(model: Any) -> set[float]:
    """The epsilon of every LayerNormalization in the model (empty when it has none)."""
    import keras

    norm_type = keras.layers.LayerNormalization
    return {float(layer.epsilon) for layer in model.layers if isinstance(layer, norm_type)}


def _mlp(features: int = INPUT_FEATURES) -> Any:
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input((features,)),
        layers.Dense(MLP_HIDDEN, activation="relu", name="hidden1"),
        layers.Dense(MLP_HIDDEN, activation="relu", name="hidden2"),
        layers.Dense(NUM_CLASSES, name="head"),
    ], name="mlp")


def _cnn(size: int = IMAGE_SIZE, channels: int = IMAGE_CHANNELS) -> Any:
    import keras
    from keras import layers

    first, second = CONV_FILTERS
    return keras.Sequential([
        keras.Input((size, size, channels)),
        layers.Conv2D(first, 3, padding="same", activation="relu", name="conv1"),
        layers.MaxPooling2D(2, name="pool1"),
        layers.Conv2D(second, 3, padding="same", activation="relu", name="conv2"),
        layers.MaxPooling2D(2, name="pool2"),
        layers.Flatten(name="flatten"),
        layers.Dense(CNN_DENSE, activation="relu", name="dense"),
        layers.Dense(NUM_CLASSES, name="head"),
    ], name="cnn")


def _lstm() -> Any:
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input((SEQ_LEN,), dtype="int64"),
        layers.Embedding(VOCAB_SIZE, EMBED_DIM, name="embedding"),
        layers.LSTM(LSTM_UNITS, name="lstm"),  # returns the last hidden state
        layers.Dense(NUM_CLASSES, name="head"),
    ], name="lstm")


def _transformer() -> Any:
    import keras
    from keras import layers

    tokens = keras.Input((SEQ_LEN,), dtype="int64")
    features = layers.Embedding(VOCAB_SIZE, EMBED_DIM, name="token_embedding")(tokens)
    features = _position_embedding()(features)
    for index in range(NUM_BLOCKS):
        features = _encoder_block(features, f"block{index}")
    pooled = layers.GlobalAveragePooling1D(name="mean_pool")(features)
    logits = layers.Dense(NUM_CLASSES, name="head")(pooled)
    return keras.Model(tokens, logits, name="transformer")


def _encoder_block(features: Any, name: str) -> Any:
    """A post-norm encoder block: x = LN(x + MHA(x, x)); x = LN(x + FF(x)). No dropout."""
    from keras import layers

    attended = layers.MultiHeadAttention(NUM_HEADS, KEY_DIM, name=f"{name}_attention")(
        features, features
    )
    features = layers.LayerNormalization(epsilon=LAYER_NORM_EPS, name=f"{name}_norm1")(
        layers.Add(name=f"{name}_add1")([features, attended])
    )
    hidden = layers.Dense(FF_DIM, activation="relu", name=f"{name}_ff1")(features)
    hidden = layers.Dense(EMBED_DIM, name=f"{name}_ff2")(hidden)
    return layers.LayerNormalization(epsilon=LAYER_NORM_EPS, name=f"{name}_norm2")(
        layers.Add(name=f"{name}_add2")([features, hidden])
    )


def _position_embedding() -> Any:
    """A layer adding a learned (sequence, features) embedding of each position to its input."""
    import keras

    class PositionEmbedding(keras.layers.Layer):  # type: ignore[misc]
        def build(self, input_shape: tuple[int, ...]) -> None:
            limit = EMBEDDING_INIT_LIMIT
            self.embeddings = self.add_weight(
                shape=(input_shape[1], input_shape[2]), name="embeddings",
                initializer=keras.initializers.RandomUniform(-limit, limit),
            )

        def call(self, inputs: Any) -> Any:
            return inputs + self.embeddings

    return PositionEmbedding(name="position_embedding")
