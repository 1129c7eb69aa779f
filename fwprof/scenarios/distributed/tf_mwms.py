"""A TensorFlow worker: ``tf.distribute.MultiWorkerMirroredStrategy``, one process per worker.

The cluster comes from ``TF_CONFIG`` (set by the launcher). The strategy is created right after
threads and devices are set, before any other op, as TensorFlow requires. The step is a custom
training loop in ``tf.function``: ``strategy.run`` of forward, backward and the Keras optimizer
update, which all-reduces (sums) the gradients across workers; each worker's loss is its mean
divided by the number of replicas, so the summed gradient is the global batch's mean gradient,
as DDP's averaged gradient is. The compute-only step trains a plain copy of the model (same
seed, same shard, no strategy) with the same ``tf.function`` step as ordinary graph-mode runs.
"""

from __future__ import annotations

import functools
import os
from dataclasses import replace
from typing import Any

import numpy as np

from fwprof.catalog import is_reference
from fwprof.child.keras_precision import set_keras_precision
from fwprof.child.keras_workload import KerasWorkload, build_keras_workload
from fwprof.child.tf_backend import _train_fn
from fwprof.config import RunSpec
from fwprof.scenarios.distributed.group import GroupSpec, RankContext
from fwprof.scenarios.distributed.rank import RankSteps, shard_batch
from fwprof.workloads import keras_models
from fwprof.workloads.data import Batch, make_batch

_ENV_NAMES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS",
              "TF_NUM_INTEROP_THREADS", "TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND", "TF_CONFIG",
              "NCCL_NVLS_ENABLE")


class MultiWorkerBackend:
    """See :class:`fwprof.scenarios.distributed.rank.RankBackend`."""

    def __init__(self) -> None:
        self._strategy: Any = None
        self._step_fn: Any = None
        self._barrier: Any = None
        self.last_value = float("nan")

    def configure(self, spec: RunSpec, group: GroupSpec, ctx: RankContext) -> dict[str, Any]:
        """Threads, device and precision, then the strategy (which joins the cluster)."""
        for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, str(spec.threads))
        os.environ["KERAS_BACKEND"] = "tensorflow"
        import tensorflow as tf

        device = _select_worker_device(spec.device, ctx.local_rank)
        tf.config.threading.set_intra_op_parallelism_threads(spec.threads)
        tf.config.threading.set_inter_op_parallelism_threads(spec.interop_threads)
        if spec.precision == "fp16":
            raise RuntimeError("TensorFlow's distributed step runs in fp32, tf32 or bf16 (fp16 would "
                               "need loss scaling in the custom loop, which fwprof does not build)")
        set_keras_precision(spec.precision)  # TF32 and the Keras policy, before any model
        self._strategy = tf.distribute.MultiWorkerMirroredStrategy(
            communication_options=communication_options(group.collective)
        )
        import keras

        keras.utils.set_random_seed(spec.seed)
        return self._info(spec, group, ctx, device)

    def build(self, spec: RunSpec, group: GroupSpec, ctx: RankContext) -> RankSteps:
        """Mirrored model and optimizer, this worker's shard; the two step functions."""
        import tensorflow as tf

        rank_spec = replace(spec, seed=spec.seed + ctx.rank)
        batch = (build_keras_workload(rank_spec).batch if is_reference(spec.workload)
                 else shard_batch(make_batch(spec.workload, group.global_batch, spec.seed), ctx))
        inputs, labels = tf.constant(batch.inputs), tf.constant(batch.labels)
        distributed = self._distributed_fn(spec)
        local = tf.function(_train_fn(_local_workload(spec, batch), spec.precision))
        self._step_fn = distributed

        def step() -> None:
            self.last_value = float(distributed(inputs, labels).numpy())

        def compute_step() -> None:
            self.last_value = float(local(inputs, labels).numpy())

        self._barrier = step
        return RankSteps(step, compute_step)

    def counters(self) -> dict[str, int]:
        traces = int(self._step_fn.experimental_get_tracing_count()) if self._step_fn else 0
        return {"traces": traces, "retraces": max(traces - 1, 0)}

    def close(self) -> None:
        """One more synchronised step: no worker leaves while another still needs it."""
        if self._barrier is not None:
            self._barrier()

    def _distributed_fn(self, spec: RunSpec) -> Any:
        import tensorflow as tf

        strategy = self._strategy
        with strategy.scope():
            work = _workload(spec)
            model, loss_fn, optimizer = work.model, work.loss, work.make_optimizer()
        replicas = strategy.num_replicas_in_sync

        def replica_step(inputs: Any, labels: Any) -> Any:
            with tf.GradientTape() as tape:
                loss = loss_fn(labels, model(inputs, training=True)) / replicas
            gradients = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
            return loss

        def step(inputs: Any, labels: Any) -> Any:
            losses = strategy.run(replica_step, args=(inputs, labels))
            return strategy.reduce(tf.distribute.ReduceOp.SUM, losses, axis=None)

        return tf.function(step)

    def _info(self, spec: RunSpec, group: GroupSpec, ctx: RankContext, device: str) -> dict[str, Any]:
        import keras
        import tensorflow as tf

        tf32 = bool(tf.config.experimental.tensor_float_32_execution_enabled())
        return {
            "framework": "tensorflow", "version": tf.__version__,
            "build": {**tf.sysconfig.get_build_info(), "keras": keras.__version__},
            "threads": tf.config.threading.get_intra_op_parallelism_threads(),
            "interop_threads": tf.config.threading.get_inter_op_parallelism_threads(),
            "precision": spec.precision, "tf32": tf32,
            "tf32_settings": {"tensor_float_32_execution": tf32}, "device": device,
            "env": {name: os.environ.get(name) for name in _ENV_NAMES},
            "data_parallel": {
                "api": "tf.distribute.MultiWorkerMirroredStrategy", "launcher": "fwprof",
                "collective": group.collective.upper(),
                "collective_note": "AUTO runs RING on CPU and lets TensorFlow choose on GPU",
                "world_size": self._strategy.num_replicas_in_sync, "rank": ctx.rank,
                "local_rank": ctx.local_rank, "per_worker_batch": spec.batch_size,
                "global_batch": group.global_batch,
            },
        }


def communication_options(collective: str) -> Any:
    """``CommunicationOptions`` for ``auto``, ``ring`` or ``nccl``."""
    import tensorflow as tf

    implementation = getattr(tf.distribute.experimental.CommunicationImplementation, collective.upper())
    return tf.distribute.experimental.CommunicationOptions(implementation=implementation)


def _select_worker_device(device: str, local_rank: int) -> str:
    """Hide GPUs on ``cpu``; on ``cuda`` keep only this worker's GPU (LOCAL_RANK) visible."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if device != "cuda":
        if gpus:
            tf.config.set_visible_devices([], "GPU")
        return "cpu"
    if local_rank >= len(gpus):
        raise RuntimeError(f"worker {local_rank} needs GPU {local_rank}, but TensorFlow "
                           f"{tf.__version__} sees {len(gpus)} GPU(s)")
    tf.config.set_visible_devices([gpus[local_rank]], "GPU")
    return str(gpus[local_rank].name)


def _local_workload(spec: RunSpec, batch: Batch) -> KerasWorkload:
    """The model of the compute-only step, outside the strategy's scope, on this rank's batch."""
    return replace(_workload(spec), batch=batch)


def _workload(spec: RunSpec) -> KerasWorkload:
    """Model, loss and optimizer maker as ordinary runs build them (a reference model at its
    size, AdamW), built in the current scope."""
    if is_reference(spec.workload):
        return build_keras_workload(spec)
    model = keras_models.build_model(spec.workload)
    no_batch = Batch(inputs=np.empty(0), labels=np.empty(0, dtype=np.int64))  # the caller's shard
    return KerasWorkload(model, no_batch, keras_models.make_loss(),
                         functools.partial(keras_models.make_optimizer, model))
