"""The framework's eager model of a workload and its reference data (export stage only).

Fresh weights from the run's seed (the backends' ``configure`` seeds both frameworks); inputs
are the workload's synthetic batches in the layout the artifact takes (NCHW images for torch).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from fwprof.scenarios.deploy.child.reference import Reference
from fwprof.scenarios.deploy.formats.base import Array
from fwprof.specs.deploy import DeploySpec
from fwprof.workloads.data import make_batch


@dataclass(frozen=True)
class EagerModel:
    """The model in inference mode, and the reference data computed with it eagerly."""

    model: Any
    reference: Reference


def build_eager(spec: DeploySpec) -> EagerModel:
    """Model and reference data: batch 1 (seed) and the throughput batch (seed + 1)."""
    build = _torch_model if spec.framework == "torch" else _keras_model
    model, inputs, predict = build(spec)
    single, batch = inputs(1, spec.seed), inputs(spec.batch_size, spec.seed + 1)
    return EagerModel(model, Reference(single, predict(single), batch, predict(batch)))


def _torch_model(spec: DeploySpec) -> tuple[Any, Any, Any]:
    import torch

    from fwprof.workloads import torch_models

    model = torch_models.build_model(spec.workload).eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)

    def inputs(size: int, seed: int) -> Array:
        tensor, _ = torch_models.to_tensors(make_batch(spec.workload, size, seed), spec.workload,
                                            torch.device("cpu"))
        return np.ascontiguousarray(tensor.numpy())

    def predict(data: Array) -> Array:
        with torch.inference_mode():
            return np.asarray(model(torch.from_numpy(data)).numpy())

    return model, inputs, predict


def _keras_model(spec: DeploySpec) -> tuple[Any, Any, Any]:
    import tensorflow as tf

    from fwprof.workloads import keras_models

    model = keras_models.build_model(spec.workload)

    def inputs(size: int, seed: int) -> Array:
        return make_batch(spec.workload, size, seed).inputs

    def predict(data: Array) -> Array:
        return np.asarray(model(tf.constant(data), training=False).numpy())

    return model, inputs, predict
