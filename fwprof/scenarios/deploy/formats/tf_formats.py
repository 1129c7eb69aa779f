"""TensorFlow's own formats: SavedModel and TFLite / LiteRT.

The SavedModel is Keras' ``Model.export`` (a ``serve`` endpoint with a dynamic batch); TFLite is
converted from the Keras model and run by the LiteRT interpreter (``ai_edge_litert``), or by
``tf.lite.Interpreter`` where LiteRT is not installed, with the run's thread count.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fwprof.scenarios.deploy.formats.base import (
    Array,
    DeployFormat,
    Predictor,
    Unavailable,
    as_array,
    require,
    runtime_info,
    version_of,
)
from fwprof.specs.deploy import DeploySpec


def serving_function(model: Any, example: Array) -> tuple[Any, list[Any]]:
    """The model's inference call as a ``tf.function`` with a dynamic batch, and its signature."""
    import tensorflow as tf

    signature = [tf.TensorSpec((None, *example.shape[1:]), tf.as_dtype(example.dtype), name="inputs")]
    function = tf.function(lambda inputs: model(inputs, training=False), input_signature=signature)
    return function, signature


def _tf_version() -> str:
    import tensorflow as tf

    return str(tf.__version__)


class SavedModelFormat(DeployFormat):
    """``keras.Model.export(path, format='tf_saved_model')``; run ``tf.saved_model.load(path).serve``."""

    def prepare_export(self) -> dict[str, str]:
        return {"tensorflow": _tf_version(), "keras": version_of("keras")}

    def export(self, model: Any, example: Array, artifact: Path) -> None:
        model.export(str(artifact), format="tf_saved_model", verbose=False)

    def prepare_runtime(self, spec: DeploySpec) -> dict[str, Any]:
        import tensorflow as tf

        return runtime_info("tf.saved_model", _tf_version(),
                            tf.config.threading.get_intra_op_parallelism_threads())

    def load(self, artifact: Path, spec: DeploySpec) -> Predictor:
        import tensorflow as tf

        loaded = tf.saved_model.load(str(artifact))  # keep it: its variables die with it

        def run(inputs: Any) -> Array:
            return as_array(loaded.serve(inputs))

        return Predictor(prepare=tf.constant, run=run)


class TfLiteFormat(DeployFormat):
    """``tf.lite.TFLiteConverter.from_keras_model``; run by the LiteRT interpreter."""

    runtime_needs_framework = False

    def __init__(self) -> None:
        self._interpreter: Any = None

    def prepare_export(self) -> dict[str, str]:
        return {"tensorflow": _tf_version()}

    def export(self, model: Any, example: Array, artifact: Path) -> None:
        import tensorflow as tf

        artifact.write_bytes(tf.lite.TFLiteConverter.from_keras_model(model).convert())

    def prepare_runtime(self, spec: DeploySpec) -> dict[str, Any]:
        try:
            self._interpreter = require("ai_edge_litert.interpreter").Interpreter
            return runtime_info("ai_edge_litert", version_of("ai-edge-litert"), spec.threads)
        except Unavailable as exc:
            litert_error = str(exc)
        try:
            import tensorflow as tf
        except ImportError as exc:
            raise Unavailable(f"{litert_error}; and tensorflow: {exc}") from exc
        self._interpreter = tf.lite.Interpreter
        return runtime_info("tf.lite", str(tf.__version__), spec.threads, fallback_because=litert_error)

    def load(self, artifact: Path, spec: DeploySpec) -> Predictor:
        interpreter = self._interpreter(model_path=str(artifact), num_threads=spec.threads)
        interpreter.allocate_tensors()
        source, target = interpreter.get_input_details()[0], interpreter.get_output_details()[0]
        shape: list[tuple[int, ...]] = [tuple(int(n) for n in source["shape"])]

        def prepare(inputs: Array) -> Array:
            if tuple(inputs.shape) != shape[0]:
                interpreter.resize_tensor_input(source["index"], list(inputs.shape))
                interpreter.allocate_tensors()
                shape[0] = tuple(inputs.shape)
            return np.ascontiguousarray(inputs, dtype=source["dtype"])

        def run(inputs: Array) -> Array:
            interpreter.set_tensor(source["index"], inputs)
            interpreter.invoke()
            return as_array(interpreter.get_tensor(target["index"]))

        return Predictor(prepare=prepare, run=run)
