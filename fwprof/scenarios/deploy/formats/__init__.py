"""One module per deployment format; :func:`load_format` imports only the one asked for.

Format modules import torch, TensorFlow and the runtimes inside functions only, and the
optional runtimes through :func:`fwprof.scenarios.deploy.formats.base.require`, so a missing or
incompatible package becomes an ``unavailable`` result with the exact import error.
"""

from __future__ import annotations

import importlib

from fwprof.scenarios.deploy.formats.base import DeployFormat

#: (framework, format) -> "module:class" inside this package.
_REGISTRY: dict[tuple[str, str], str] = {
    ("torch", "torchscript"): "torch_formats:TorchScriptFormat",
    ("torch", "torch-export"): "torch_formats:TorchExportFormat",
    ("torch", "aoti"): "torch_formats:AotInductorFormat",
    ("torch", "executorch"): "executorch_format:ExecuTorchFormat",
    ("torch", "onnx"): "onnx_formats:TorchOnnxFormat",
    ("tensorflow", "savedmodel"): "tf_formats:SavedModelFormat",
    ("tensorflow", "tflite"): "tf_formats:TfLiteFormat",
    ("tensorflow", "onnx"): "onnx_formats:TfOnnxFormat",
}


def load_format(framework: str, name: str) -> DeployFormat:
    """The format's implementation (KeyError for an unknown pair)."""
    module_name, class_name = _REGISTRY[(framework, name)].split(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    fmt: DeployFormat = getattr(module, class_name)()
    return fmt
