"""What a TensorFlow run builds for any workload: Keras model, batch, loss and optimizer.

Built-in workloads come from :mod:`fwprof.workloads.keras_models` (Adam), reference models from
:mod:`fwprof.workloads.reference.keras_models` (AdamW) at the run's size and sequence length;
both are built under the global dtype policy already set (:mod:`fwprof.child.keras_precision`).
``keras`` is imported inside functions only; Keras objects are typed ``Any``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fwprof.catalog import CUSTOM_WORKLOAD, is_reference
from fwprof.config import RunSpec
from fwprof.workloads import keras_models
from fwprof.workloads.batches import workload_batch
from fwprof.workloads.data import Batch
from fwprof.workloads.pipeline import image_spec
from fwprof.workloads.pipeline.tf_loader import tf_batches
from fwprof.workloads.pipeline.throughput import loader_throughput
from fwprof.workloads.reference import keras_models as reference
from fwprof.workloads.user_model import call_builder, custom_batch, has_losses, load_model_file


@dataclass(frozen=True)
class KerasWorkload:
    """Everything a step needs; the optimizer (slots built) only when a train step asks for it."""

    model: Any
    batch: Batch
    loss: Any
    make_optimizer: Callable[[], Any]
    #: ``--data pipeline``: endless (images, labels) from tf.data, and its own throughput.
    batches: Iterator[tuple[Any, Any]] | None = None
    loader: dict[str, Any] = field(default_factory=dict)


def build_keras_workload(spec: RunSpec) -> KerasWorkload:
    """The model (in the current device scope), the run's batch and the loss."""
    model = _model(spec)
    make_optimizer = functools.partial(_optimizer, spec.workload, model)
    if spec.data == "pipeline":
        image_size, _ = image_spec(spec.workload, spec.size)
        batches = tf_batches(Path(spec.data_dir), image_size, spec.batch_size, spec.loader_workers,
                             spec.seed)
        loader = loader_throughput(batches, spec.batch_size, spec.loader_workers)
        return KerasWorkload(model, _batch(spec), _loss(spec), make_optimizer, batches,
                             {**loader, "kind": "tf.data (parallel map, prefetch)"})
    return KerasWorkload(model, _batch(spec), _loss(spec), make_optimizer)


def count_parameters(model: Any) -> int:
    """Trainable values (sizes of ``trainable_weights``; a tied table once)."""
    return int(keras_models.count_trainable_params(model))


def _model(spec: RunSpec) -> Any:
    if spec.workload == CUSTOM_WORKLOAD:
        return call_builder(load_model_file(spec.model_file), "keras_model", spec.model_file)
    if is_reference(spec.workload):
        return reference.build_keras_model(spec.workload, spec.size, spec.seq_len or None)
    return keras_models.build_model(spec.workload)


def _batch(spec: RunSpec) -> Batch:
    if spec.workload == CUSTOM_WORKLOAD:
        custom = custom_batch(spec.model_file, spec.batch_size, spec.model_input, spec.model_classes,
                              spec.seed)
        return Batch(inputs=custom.inputs, labels=custom.labels)
    return workload_batch(spec.workload, spec.size, spec.seq_len, spec.batch_size, spec.seed)


def _loss(spec: RunSpec) -> Any:
    if spec.workload == CUSTOM_WORKLOAD and has_losses(module := load_model_file(spec.model_file)):
        return call_builder(module, "keras_loss", spec.model_file)
    if is_reference(spec.workload):
        return reference.keras_loss(spec.workload)
    return keras_models.make_loss()


def _optimizer(workload: str, model: Any) -> Any:
    if is_reference(workload):
        return reference.make_keras_adamw(model)
    return keras_models.make_optimizer(model)
