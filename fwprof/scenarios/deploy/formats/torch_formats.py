"""PyTorch's own formats: TorchScript, ``torch.export`` (ExportedProgram) and AOTInductor.

All three take the batch dimension as dynamic, so one artifact serves batch 1 (latency) and
the throughput batch. ``torch`` is imported inside functions only; the child has already set
its threads (:class:`fwprof.child.torch_backend.TorchBackend`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fwprof.scenarios.deploy.formats.base import (
    Array,
    DeployFormat,
    Predictor,
    Unavailable,
    as_array,
    runtime_info,
)
from fwprof.specs.deploy import DeploySpec

if TYPE_CHECKING:
    import torch


def tensor_predictor(call: Callable[[torch.Tensor], Any]) -> Predictor:
    """Queries as ``call(tensor)`` under ``torch.inference_mode``; NumPy in and out."""
    import torch

    def run(inputs: torch.Tensor) -> Array:
        with torch.inference_mode():
            return as_array(call(inputs))

    return Predictor(prepare=torch.from_numpy, run=run)


def export_program(model: Any, example: Array, max_batch: int | None = None) -> Any:
    """``torch.export.export`` of the model with a dynamic batch dimension (1 to ``max_batch``)."""
    import torch

    batch = torch.export.Dim("batch", min=1, max=max_batch) if max_batch else torch.export.Dim("batch", min=1)
    return torch.export.export(model, (torch.from_numpy(example),), dynamic_shapes=({0: batch},))


def _torch_runtime(spec: DeploySpec, name: str) -> dict[str, Any]:
    import torch

    return runtime_info(name, torch.__version__, torch.get_num_threads())


class TorchScriptFormat(DeployFormat):
    """``torch.jit.trace`` + ``torch.jit.save``; run with ``torch.jit.load``."""

    def prepare_export(self) -> dict[str, str]:
        import torch

        return {"torch": torch.__version__}

    def export(self, model: Any, example: Array, artifact: Path) -> None:
        import torch

        trace: Any = torch.jit.trace  # untyped in torch's stubs
        with torch.no_grad():
            traced = trace(model, torch.from_numpy(example), check_trace=False)
        torch.jit.save(traced, str(artifact))

    def prepare_runtime(self, spec: DeploySpec) -> dict[str, Any]:
        return _torch_runtime(spec, "torch.jit")

    def load(self, artifact: Path, spec: DeploySpec) -> Predictor:
        import torch

        module = torch.jit.load(str(artifact))  # type: ignore[no-untyped-call]
        module.eval()
        return tensor_predictor(module)


class TorchExportFormat(DeployFormat):
    """``torch.export.export`` + ``torch.export.save``; run the loaded program's module."""

    def prepare_export(self) -> dict[str, str]:
        import torch

        return {"torch": torch.__version__}

    def export(self, model: Any, example: Array, artifact: Path) -> None:
        import torch

        torch.export.save(export_program(model, example), str(artifact))

    def prepare_runtime(self, spec: DeploySpec) -> dict[str, Any]:
        return _torch_runtime(spec, "torch.export")

    def load(self, artifact: Path, spec: DeploySpec) -> Predictor:
        import torch

        return tensor_predictor(torch.export.load(str(artifact)).module())


class AotInductorFormat(DeployFormat):
    """An AOTInductor package (C++ compiled by Inductor); run with ``aoti_load_package``."""

    def prepare_export(self) -> dict[str, str]:
        import torch

        if not hasattr(torch._inductor, "aoti_compile_and_package"):
            raise Unavailable(f"torch {torch.__version__} has no torch._inductor.aoti_compile_and_package")
        return {"torch": torch.__version__}

    def export(self, model: Any, example: Array, artifact: Path) -> None:
        import torch

        torch._inductor.aoti_compile_and_package(export_program(model, example), package_path=str(artifact))

    def prepare_runtime(self, spec: DeploySpec) -> dict[str, Any]:
        return _torch_runtime(spec, "AOTInductor")

    def load(self, artifact: Path, spec: DeploySpec) -> Predictor:
        import torch

        return tensor_predictor(torch._inductor.aoti_load_package(str(artifact)))

