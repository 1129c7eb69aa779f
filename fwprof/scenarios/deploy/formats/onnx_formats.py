"""ONNX Runtime for both frameworks: ``torch.onnx.export`` (dynamo) and ``tf2onnx``.

Both artifacts take a dynamic batch dimension and run in an ``onnxruntime.InferenceSession`` on
the CPU with the run's intra-op and inter-op thread counts; the runtime stages import neither
torch nor TensorFlow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fwprof.scenarios.deploy.formats.base import (
    Array,
    DeployFormat,
    Predictor,
    as_array,
    require,
    runtime_info,
    version_of,
)
from fwprof.specs.deploy import DeploySpec


class OnnxRuntimeFormat(DeployFormat):
    """What the two ONNX formats share: the runtime."""

    runtime_needs_framework = False

    def prepare_runtime(self, spec: DeploySpec) -> dict[str, Any]:
        ort = require("onnxruntime")
        return runtime_info("onnxruntime", str(ort.__version__), spec.threads,
                            interop_threads=spec.interop_threads, provider="CPUExecutionProvider")

    def load(self, artifact: Path, spec: DeploySpec) -> Predictor:
        ort = require("onnxruntime")
        options = ort.SessionOptions()
        options.intra_op_num_threads = spec.threads
        options.inter_op_num_threads = spec.interop_threads
        session = ort.InferenceSession(str(artifact), sess_options=options,
                                       providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name

        def prepare(inputs: Array) -> dict[str, Array]:
            return {name: inputs}

        def run(feed: dict[str, Array]) -> Array:
            return as_array(session.run(None, feed))

        return Predictor(prepare=prepare, run=run)


class TorchOnnxFormat(OnnxRuntimeFormat):
    """``torch.onnx.export(..., dynamo=True)`` (needs ``onnxscript``), one self-contained file."""

    def prepare_export(self) -> dict[str, str]:
        require("onnxscript")
        require("onnx")
        return {"onnxscript": version_of("onnxscript"), "onnx": version_of("onnx")}

    def export(self, model: Any, example: Array, artifact: Path) -> None:
        import torch

        batch = torch.export.Dim("batch", min=1)
        torch.onnx.export(model, (torch.from_numpy(example),), str(artifact), dynamo=True,
                          dynamic_shapes=({0: batch},), external_data=False, verbose=False)


class TfOnnxFormat(OnnxRuntimeFormat):
    """``tf2onnx.convert.from_function`` of the Keras model's inference function."""

    def prepare_export(self) -> dict[str, str]:
        require("tf2onnx")
        require("onnx")
        return {"tf2onnx": version_of("tf2onnx"), "onnx": version_of("onnx")}

    def export(self, model: Any, example: Array, artifact: Path) -> None:
        from fwprof.scenarios.deploy.formats.tf_formats import serving_function

        function, signature = serving_function(model, example)
        require("tf2onnx").convert.from_function(function, input_signature=signature,
                                                 output_path=str(artifact))
