"""What a TensorFlow run builds for any workload: Keras model, batch, loss and optimizer.

Built-in workloads come from :mod:`fwprof.workloads.keras_models` (Adam), reference models from
:mod:`fwprof.workloads.reference.keras_models` (AdamW) at the run's size and sequence length;
both are built under the global dtype policy already set (:mod:`fwprof.child.keras_precision`).
``keras`` is imported inside functions only; Keras objects are typed ``Any``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fwprof.catalog import is_reference
from fwprof.config import RunSpec
from fwprof.workloads import keras_models
from fwprof.workloads.batches import workload_batch
from fwprof.workloads.data import Batch
from fwprof.workloads.reference import keras_models as reference


@dataclass(frozen=True)
class KerasWorkload:
    """Everything a step needs; the optimizer (slots built) only when a train step asks for it."""

    model: Any
    batch: Batch
    loss: Any
    make_optimizer: Callable[[], Any]


def build_keras_workload(spec: RunSpec) -> KerasWorkload:
    """The model (in the current device scope), the run's batch and the loss."""
    model = _model(spec)
    batch = workload_batch(spec.workload, spec.size, spec.seq_len, spec.batch_size, spec.seed)
    return KerasWorkload(model, batch, _loss(spec.workload),
                         functools.partial(_optimizer, spec.workload, model))


def count_parameters(model: Any) -> int:
    """Trainable values (sizes of ``trainable_weights``; a tied table once)."""
    return int(keras_models.count_trainable_params(model))


def _model(spec: RunSpec) -> Any:
    if is_reference(spec.workload):
        return reference.build_keras_model(spec.workload, spec.size, spec.seq_len or None)
    return keras_models.build_model(spec.workload)


def _loss(workload: str) -> Any:
    return reference.keras_loss(workload) if is_reference(workload) else keras_models.make_loss()


def _optimizer(workload: str, model: Any) -> Any:
    if is_reference(workload):
        return reference.make_keras_adamw(model)
    return keras_models.make_optimizer(model)
