"""The TensorFlow (Keras 3) trainer: the 8x8 model, Adam, sparse categorical cross-entropy.

Modes as in the timed runs: ``eager`` = a ``GradientTape`` step; ``graph`` = the step in
``tf.function``; ``compiled`` = ``tf.function(jit_compile=True)``. The learning rate is assigned
to the optimizer's variable before each step (outside the function, so it never retraces).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from fwprof.config import RunSpec
from fwprof.workloads import keras_models


class KerasTrainer:
    """See :class:`fwprof.scenarios.converge.child.loop.Trainer`."""

    def __init__(self, spec: RunSpec) -> None:
        import tensorflow as tf

        self._model = keras_models.build_digits_model(spec.workload)
        self._optimizer = keras_models.make_optimizer(self._model)
        self._loss = keras_models.make_loss()
        step = self._train_fn()
        self._step: Any = step if spec.mode == "eager" else tf.function(
            step, jit_compile=spec.mode == "compiled")

    def parameter_count(self) -> int:
        return keras_models.count_trainable_params(self._model)

    def train_step(self, inputs: np.ndarray, labels: np.ndarray, rate: float) -> float:
        import tensorflow as tf

        self._optimizer.learning_rate.assign(rate)
        return float(self._step(tf.constant(inputs), tf.constant(labels)).numpy())

    def evaluate(self, inputs: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
        import tensorflow as tf

        logits = self._model(tf.constant(inputs), training=False)
        loss = float(self._loss(tf.constant(labels), logits).numpy())
        predicted = np.argmax(logits.numpy(), axis=1)
        return float(np.mean(predicted == labels)), loss

    def counters(self) -> dict[str, int]:
        """How often the step's tf.function was traced; nothing in eager mode."""
        if not hasattr(self._step, "experimental_get_tracing_count"):
            return {}
        traces = int(self._step.experimental_get_tracing_count())
        return {"traces": traces, "retraces": max(traces - 1, 0)}

    def _train_fn(self) -> Callable[[Any, Any], Any]:
        import tensorflow as tf

        model, optimizer, loss_fn = self._model, self._optimizer, self._loss

        def train(inputs: Any, labels: Any) -> Any:
            with tf.GradientTape() as tape:
                loss = loss_fn(labels, model(inputs, training=True))
            gradients = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
            return loss

        return train
