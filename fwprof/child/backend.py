"""What a framework backend provides to the child's timing loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from fwprof.config import RunSpec

StepFn = Callable[[], None]


class Backend(Protocol):
    """One framework's side of a run. Methods are called in order by :func:`run_child`."""

    def configure(self, spec: RunSpec) -> dict[str, Any]:
        """Import the framework, set threads and precision; return what was set and versions."""
        ...

    def build(self, spec: RunSpec) -> StepFn:
        """Build model, data and optimizer; return a function that does one synchronised step.

        Tracing and compilation belong to the step's first call, not here, so they are timed
        as the first step in every framework and mode.
        """
        ...

    def model_parameters(self) -> int:
        """Trainable values of the model :meth:`build` made, counted at run time."""
        ...

    def loader_info(self) -> dict[str, Any]:
        """The input pipeline's own throughput, measured in :meth:`build` (``--data pipeline``);
        empty when batches come from memory."""
        ...

    def counters(self) -> dict[str, int]:
        """Retrace / recompile / graph-break counts observed so far."""
        ...


def load_backend(framework: str) -> Backend:
    """The backend for a framework name (imports only fwprof code, not the framework)."""
    if framework == "torch":
        from fwprof.child.torch_backend import TorchBackend

        return TorchBackend()
    if framework == "tensorflow":
        from fwprof.child.tf_backend import TensorFlowBackend

        return TensorFlowBackend()
    raise ValueError(f"unknown framework {framework!r}")
