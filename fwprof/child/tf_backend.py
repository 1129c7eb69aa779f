"""The TensorFlow (Keras 3) side of a run: threads, precision, device, one timed step per mode.

Modes, as they cover a training step (see :data:`fwprof.catalog.MODE_COVERAGE`): ``eager`` = a
``tf.GradientTape`` step with no ``tf.function``; ``graph`` = the whole step (forward, loss,
gradients and the Adam update) in ``tf.function``; ``compiled`` = the same whole step in
``tf.function(jit_compile=True)`` (XLA). Tracing and XLA compilation happen at the step's first
call, so they are timed as the first step. For inference the function is the forward and a sum.

Precision (:mod:`fwprof.child.keras_precision`): bf16 and fp16 set Keras' global mixed policy
before the model is built (fp16 with a LossScaleOptimizer, the loss scaled in the step); logits
are cast to float32 before the loss in every precision, as the PyTorch side does. What to build
for each workload is :mod:`fwprof.child.keras_workload`'s.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from fwprof.child.backend import StepFn
from fwprof.child.keras_precision import set_keras_precision, with_loss_scaling
from fwprof.child.keras_workload import KerasWorkload, build_keras_workload, count_parameters
from fwprof.config import RunSpec

#: Environment variables that change TensorFlow's kernels or threads, recorded with every run.
_ENV_NAMES = (
    "OMP_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS",
    "TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND",
)


class TensorFlowBackend:
    """Runs one built-in workload in TensorFlow; see :class:`fwprof.child.backend.Backend`."""

    def __init__(self) -> None:
        self._device = "/CPU:0"
        self._function: Any = None
        self._parameters = 0
        self._loader: dict[str, Any] = {}
        #: The scalar the last step fetched to the host: the loss, or the sum of the outputs.
        self.last_value = float("nan")

    def configure(self, spec: RunSpec) -> dict[str, Any]:
        """Choose the device, then set threads (before any op), precision and seeds."""
        for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, str(spec.threads))
        os.environ["KERAS_BACKEND"] = "tensorflow"
        import tensorflow as tf

        self._device = _select_device(spec.device)
        tf.config.threading.set_intra_op_parallelism_threads(spec.threads)
        tf.config.threading.set_inter_op_parallelism_threads(spec.interop_threads)
        import keras

        if keras.backend.backend() != "tensorflow":
            raise RuntimeError(f"Keras runs on {keras.backend.backend()!r}, not TensorFlow")
        precision = set_keras_precision(spec.precision)
        keras.utils.set_random_seed(spec.seed)
        return {**self._info(spec), **precision}

    def build(self, spec: RunSpec) -> StepFn:
        """Model, data, optimizer and loss on the device; returns one synchronised step."""
        import tensorflow as tf

        with tf.device(self._device):
            work = build_keras_workload(spec)
            self._parameters = count_parameters(work.model)
            next_batch = _batch_source(work)
            if spec.task == "infer":
                run = _for_mode(_infer_fn(work.model), spec.mode)
            else:
                run = _for_mode(_train_fn(work, spec.precision), spec.mode)
        self._function, self._loader = run, work.loader
        task_args = 1 if spec.task == "infer" else 2

        def step() -> None:
            # Fetching the scalar to the host is the synchronisation (the torch side does the same).
            self.last_value = float(run(*next_batch()[:task_args]).numpy())

        return step

    def model_parameters(self) -> int:
        """Trainable values (sizes of the model's ``trainable_weights``) of the model built."""
        return self._parameters

    def loader_info(self) -> dict[str, Any]:
        """The input pipeline's own throughput (``--data pipeline``; empty otherwise)."""
        return dict(self._loader)

    def counters(self) -> dict[str, int]:
        """How often the step's tf.function was traced; nothing in eager mode."""
        if not hasattr(self._function, "experimental_get_tracing_count"):
            return {}
        traces = int(self._function.experimental_get_tracing_count())
        return {"traces": traces, "retraces": max(traces - 1, 0)}

    def _info(self, spec: RunSpec) -> dict[str, Any]:
        import keras
        import tensorflow as tf

        tf32 = bool(tf.config.experimental.tensor_float_32_execution_enabled())
        return {
            "framework": "tensorflow",
            "version": tf.__version__,
            "build": {**tf.sysconfig.get_build_info(), "keras": keras.__version__},
            "threads": tf.config.threading.get_intra_op_parallelism_threads(),
            "interop_threads": tf.config.threading.get_inter_op_parallelism_threads(),
            "precision": spec.precision,
            "tf32": tf32,
            "tf32_settings": {"tensor_float_32_execution": tf32},
            "device": _device_label(self._device),
            "env": {name: os.environ.get(name) for name in _ENV_NAMES},
        }


def _select_device(device: str) -> str:
    """The TF device for ``device``; for 'cpu' GPUs are hidden, for 'cuda' one must exist."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if device == "cuda":
        if not gpus:
            cuda_build = tf.sysconfig.get_build_info().get("is_cuda_build", False)
            raise RuntimeError(
                f"device 'cuda' was asked for, but TensorFlow {tf.__version__} sees no GPU "
                f"(CUDA build: {cuda_build}; the tensorflow-cpu package never sees one)"
            )
        return "/GPU:0"
    if gpus:
        tf.config.set_visible_devices([], "GPU")
    return "/CPU:0"


def _device_label(device: str) -> str:
    import tensorflow as tf

    if device == "/CPU:0":
        return "cpu"
    details = tf.config.experimental.get_device_details(tf.config.list_physical_devices("GPU")[0])
    return str(details.get("device_name", "GPU"))


def _train_fn(work: KerasWorkload, precision: str) -> Callable[[Any, Any], Any]:
    """Forward, loss, gradients and the optimizer update; returns the (unscaled) loss. The loss
    is scaled by the optimizer (fp16's LossScaleOptimizer; 1 otherwise), which unscales the
    gradients it applies."""
    import tensorflow as tf

    model, loss_fn = work.model, work.loss
    optimizer = with_loss_scaling(work.make_optimizer(), model.trainable_variables, precision)

    def train(inputs: Any, labels: Any) -> Any:
        with tf.GradientTape() as tape:
            logits = tf.cast(model(inputs, training=True), tf.float32)  # as the torch side
            loss = loss_fn(labels, logits)
            scaled = optimizer.scale_loss(loss)
        gradients = tape.gradient(scaled, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
        return loss

    return train


def _batch_source(work: KerasWorkload) -> Callable[[], tuple[Any, Any]]:
    """Each step's (inputs, labels): the input pipeline's next batch, or the one fixed batch
    as constants on the current device."""
    import tensorflow as tf

    if work.batches is not None:
        batches = work.batches
        return lambda: next(batches)
    fixed = (tf.constant(work.batch.inputs), tf.constant(work.batch.labels))
    return lambda: fixed


def _infer_fn(model: Any) -> Callable[[Any], Any]:
    """Forward only; returns the sum of the outputs, a scalar to fetch."""
    import tensorflow as tf

    def infer(inputs: Any) -> Any:
        return tf.reduce_sum(tf.cast(model(inputs, training=False), tf.float32))

    return infer


def _for_mode(function: Callable[..., Any], mode: str) -> Callable[..., Any]:
    """The step function as the mode runs it: as is, in tf.function, or XLA-compiled."""
    import tensorflow as tf

    if mode == "eager":
        return function
    return tf.function(function, jit_compile=mode == "compiled")  # type: ignore[no-any-return]
