"""The PyTorch trainer: the 8x8 model (Keras-style initial values), Adam, cross-entropy.

Modes as in the timed runs: ``eager``; ``graph`` = the model traced with TorchScript;
``compiled`` = ``torch.compile``. Evaluations always run the eager model in ``eval`` mode
(the parameters are shared), so they cause no recompilation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from fwprof.config import RunSpec
from fwprof.workloads import torch_models
from fwprof.workloads.data import Batch

if TYPE_CHECKING:
    import torch


class TorchTrainer:
    """See :class:`fwprof.scenarios.converge.child.loop.Trainer`."""

    def __init__(self, spec: RunSpec) -> None:
        import torch

        self._workload = spec.workload
        self._model = torch_models.build_digits_model(spec.workload)
        self._model.train()
        self._optimizer = torch_models.make_optimizer(self._model)
        self._loss = torch_models.make_loss()
        self._mode = spec.mode
        self._forward: Any = self._model
        if spec.mode == "compiled":
            from torch._dynamo.utils import counters

            counters.clear()
            self._forward = torch.compile(self._model)
        self._needs_trace = spec.mode == "graph"  # traced at the first step, on a real batch

    def parameter_count(self) -> int:
        return torch_models.count_trainable_params(self._model)

    def train_step(self, inputs: np.ndarray, labels: np.ndarray, rate: float) -> float:
        x, y = self._tensors(inputs, labels)
        if self._needs_trace:
            self._forward = _trace(self._model, x)
            self._needs_trace = False
        for group in self._optimizer.param_groups:
            group["lr"] = rate
        self._optimizer.zero_grad(set_to_none=True)
        loss = self._loss(self._forward(x), y)
        loss.backward()
        self._optimizer.step()
        return float(loss.item())

    def evaluate(self, inputs: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
        import torch

        x, y = self._tensors(inputs, labels)
        self._model.eval()
        try:
            with torch.inference_mode():
                logits = self._model(x)
                loss = float(self._loss(logits, y).item())
                accuracy = float((logits.argmax(dim=1) == y).float().mean().item())
        finally:
            self._model.train()
        return accuracy, loss

    def counters(self) -> dict[str, int]:
        """Dynamo's counts in ``compiled`` mode; nothing is counted in the other modes."""
        if self._mode != "compiled":
            return {}
        from torch._dynamo.utils import counters

        return {
            "frames_total": counters["frames"]["total"], "frames_compiled": counters["frames"]["ok"],
            "unique_graphs": counters["stats"]["unique_graphs"],
            "graph_breaks": sum(counters["graph_break"].values()),
            "unsupported": sum(counters["unimplemented"].values()),
        }

    def _tensors(self, inputs: np.ndarray, labels: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        import torch

        workload = "cnn" if self._workload == "cnn" else "mlp"
        return torch_models.to_tensors(Batch(np.ascontiguousarray(inputs), np.ascontiguousarray(labels)),
                                       workload, torch.device("cpu"))


def _trace(model: Any, example: torch.Tensor) -> Any:
    import torch

    return torch.jit.trace(model, example, check_trace=False)  # type: ignore[no-untyped-call]
