"""The deployment formats fwprof knows, per framework, and the stages of a deploy run.

This module imports no DL framework and no runtime: what a format needs is named here, and
imported only in the child that exports or runs it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Any

#: The child processes of one (framework, workload, format), in order.
STAGES: tuple[str, ...] = ("export", "load", "latency", "throughput")

#: A format fails its load stage when max |artifact - eager| / max |eager| exceeds this.
PARITY_TOLERANCE = 1e-4

#: What to install for the formats' packages.
INSTALL_HINT = "pip install 'fwprof[deploy]'"

#: ``run.info`` key of a format that cannot run here: the exact reason (missing package,
#: import error, unsupported framework version).
UNAVAILABLE_KEY = "unavailable"


@dataclass(frozen=True)
class FormatInfo:
    """One artifact format of one framework.

    ``export_modules`` and ``runtime_modules`` are the top-level packages the export and the
    runtime import (checked without importing before a child starts); ``runtime`` names the
    engine that runs the artifact; ``artifact`` is the file (or folder) name inside the
    artifact folder.
    """

    name: str
    framework: str
    label: str
    exporter: str
    runtime: str
    artifact: str
    export_modules: tuple[str, ...] = ()
    runtime_modules: tuple[str, ...] = ()

    @property
    def modules(self) -> tuple[str, ...]:
        """Every package the format needs, export and runtime."""
        return tuple(dict.fromkeys(self.export_modules + self.runtime_modules))


_FORMATS: tuple[FormatInfo, ...] = (
    FormatInfo("torchscript", "torch", "TorchScript", "torch.jit.trace + torch.jit.save",
               "torch.jit.load", "model.pt"),
    FormatInfo("torch-export", "torch", "torch.export", "torch.export.export + torch.export.save",
               "torch.export.load(...).module()", "model.pt2"),
    FormatInfo("aoti", "torch", "AOTInductor", "torch._inductor.aoti_compile_and_package",
               "torch._inductor.aoti_load_package", "model.pt2"),
    FormatInfo("executorch", "torch", "ExecuTorch", "to_edge_transform_and_lower (XNNPACK)",
               "executorch.runtime", "model.pte", ("executorch",), ("executorch",)),
    FormatInfo("onnx", "torch", "ONNX Runtime", "torch.onnx.export (dynamo)",
               "onnxruntime (CPU)", "model.onnx", ("onnxscript", "onnx"), ("onnxruntime",)),
    FormatInfo("savedmodel", "tensorflow", "SavedModel", "keras Model.export (tf_saved_model)",
               "tf.saved_model.load", "saved_model"),
    FormatInfo("tflite", "tensorflow", "TFLite / LiteRT", "tf.lite.TFLiteConverter.from_keras_model",
               "ai_edge_litert Interpreter (else tf.lite)", "model.tflite"),
    FormatInfo("onnx", "tensorflow", "ONNX Runtime", "tf2onnx.convert.from_function",
               "onnxruntime (CPU)", "model.onnx", ("tf2onnx", "onnx"), ("onnxruntime",)),
)

#: Every format by (framework, name).
FORMATS: dict[tuple[str, str], FormatInfo] = {(f.framework, f.name): f for f in _FORMATS}

#: Every format name, in display order.
FORMAT_NAMES: tuple[str, ...] = tuple(dict.fromkeys(f.name for f in _FORMATS))


def formats_for(framework: str, chosen: tuple[str, ...] = ()) -> tuple[FormatInfo, ...]:
    """The framework's formats, in display order; only those in ``chosen`` unless it is empty."""
    return tuple(f for f in _FORMATS if f.framework == framework and (not chosen or f.name in chosen))


def format_info(framework: str, name: str) -> FormatInfo:
    """The format ``name`` of ``framework``; KeyError names what exists."""
    try:
        return FORMATS[(framework, name)]
    except KeyError:
        known = ", ".join(f.name for f in formats_for(framework)) or "none"
        raise KeyError(f"no format {name!r} for {framework}; known: {known}") from None


#: Default number of single-stream queries timed at batch 1.
DEFAULT_QUERIES = 1000


def deploy_settings_problem(formats: tuple[str, ...], queries: int, device: str) -> str | None:
    """Why a session's deploy settings are invalid (a message naming the value), or None."""
    for name in formats:
        if name not in FORMAT_NAMES:
            return f"unknown deploy format {name!r}; choose from {', '.join(FORMAT_NAMES)}"
    if not isinstance(queries, int) or isinstance(queries, bool) or not 1 <= queries <= 10_000_000:
        return f"deploy queries {queries!r} is out of range (1-10000000)"
    if device != "cpu":
        return f"deploy runs on the CPU only for now, not on {device!r}"
    return None


def missing_package(info: FormatInfo) -> str | None:
    """'No module named ...' for the format's first package that is not installed, else None.

    Checked with ``importlib.util.find_spec`` on top-level packages: nothing is imported.
    """
    for module in info.modules:
        if importlib.util.find_spec(module) is None:
            return f"No module named {module!r} ({INSTALL_HINT})"
    return None


def format_listing() -> dict[str, list[dict[str, Any]]]:
    """Per framework, each format with its exporter, runtime and whether its packages are here."""
    listing: dict[str, list[dict[str, Any]]] = {}
    for info in _FORMATS:
        missing = missing_package(info)
        listing.setdefault(info.framework, []).append({
            "name": info.name, "label": info.label, "exporter": info.exporter,
            "runtime": info.runtime, "installed": missing is None, "missing": missing,
        })
    return listing
