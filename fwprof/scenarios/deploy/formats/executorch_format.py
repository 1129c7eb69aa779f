"""ExecuTorch: ``torch.export`` lowered to the XNNPACK delegate, run by ``executorch.runtime``.

ExecuTorch plans memory ahead of time, so the batch dimension is dynamic up to the throughput
batch only. The runtime's thread pool gets the run's thread count.
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
from fwprof.scenarios.deploy.formats.torch_formats import export_program
from fwprof.specs.deploy import DeploySpec

_EXIR = "executorch.exir"
_XNNPACK = "executorch.backends.xnnpack.partition.xnnpack_partitioner"
_RUNTIME = "executorch.runtime"
_PYBINDINGS = "executorch.extension.pybindings.portable_lib"


class ExecuTorchFormat(DeployFormat):
    """A ``.pte`` program with its supported operators delegated to XNNPACK."""

    def prepare_export(self) -> dict[str, str]:
        require(_EXIR)
        require(_XNNPACK)
        return {"executorch": version_of("executorch")}

    def export(self, model: Any, example: Array, artifact: Path) -> None:
        exir, xnnpack = require(_EXIR), require(_XNNPACK)
        program = export_program(model, example, max_batch=len(example))
        lowered = exir.to_edge_transform_and_lower(program, partitioner=[xnnpack.XnnpackPartitioner()])
        artifact.write_bytes(lowered.to_executorch().buffer)

    def prepare_runtime(self, spec: DeploySpec) -> dict[str, Any]:
        require(_RUNTIME)
        bindings = require(_PYBINDINGS)
        bindings._unsafe_reset_threadpool(spec.threads)
        return runtime_info("executorch", version_of("executorch"),
                            int(bindings._threadpool_get_thread_count()), delegate="XNNPACK")

    def load(self, artifact: Path, spec: DeploySpec) -> Predictor:
        import torch

        runtime = require(_RUNTIME).Runtime.get()
        method = runtime.load_program(str(artifact)).load_method("forward")

        def run(inputs: torch.Tensor) -> Array:
            return as_array(method.execute([inputs]))

        return Predictor(prepare=torch.from_numpy, run=run)
