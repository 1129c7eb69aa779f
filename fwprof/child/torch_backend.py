"""The PyTorch side of a run: threads, precision, device, and one timed step per mode.

Modes, as they cover a training step (see :data:`fwprof.catalog.MODE_COVERAGE`):

- ``eager``: plain PyTorch;
- ``graph``: the model traced with TorchScript (``torch.jit.trace``) at the step's first call,
  so the tracing is timed as the first step, as TensorFlow's is; loss, backward and the
  optimizer step run eagerly around it;
- ``compiled``: ``torch.compile`` (Inductor; cache directory from ``TORCHINDUCTOR_CACHE_DIR``)
  of the whole train step: forward, loss, backward and the Adam update, as TensorFlow's XLA
  mode compiles its whole step. Setting gradients to None stays outside the compiled function.
  For inference it compiles the model.

Precision (:mod:`fwprof.child.torch_precision`): bf16 and fp16 run the forward pass and the loss
under ``torch.autocast`` (fp16 with a GradScaler); logits are cast to float32 before the loss
in every precision, as the TensorFlow side does. What to build for each workload is
:mod:`fwprof.child.torch_workload`'s.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fwprof.child.backend import StepFn
from fwprof.child.torch_precision import TorchPrecision, set_tf32, torch_precision
from fwprof.child.torch_workload import TorchWorkload, build_torch_workload, count_parameters
from fwprof.config import RunSpec

if TYPE_CHECKING:
    import torch
    from torch import nn

Forward = Callable[["torch.Tensor"], "torch.Tensor"]

#: Environment variables that change torch's kernels or caches, recorded with every run.
_ENV_NAMES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "TORCHINDUCTOR_CACHE_DIR")
#: Words in Dynamo's graph-break reasons for the breaks the train step has by design: the
#: backward call kept out of Dynamo, and torch.optim's own ``graph_break()`` around the update.
_STEP_BREAK_MARKS = ("torch.compiler.disable()", "torch._dynamo.graph_break()")


class TorchBackend:
    """Runs one built-in workload in PyTorch; see :class:`fwprof.child.backend.Backend`."""

    def __init__(self) -> None:
        self._device_name = "cpu"
        self._mode = "eager"
        self._task = "train"
        self._parameters = 0
        self._loader: dict[str, Any] = {}
        self._optimizer: torch.optim.Optimizer | None = None
        self._precision: TorchPrecision | None = None
        #: The scalar the last step fetched to the host: the loss, or the sum of the outputs.
        self.last_value = float("nan")

    def configure(self, spec: RunSpec) -> dict[str, Any]:
        """Check the device, then set threads (before any op), precision and seed."""
        for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(name, str(spec.threads))
        if spec.compile_cache_dir:
            os.environ.setdefault("TORCHINDUCTOR_CACHE_DIR", spec.compile_cache_dir)
        import torch

        self._device_name = _checked_device(spec.device)
        torch.set_num_threads(spec.threads)
        torch.set_num_interop_threads(spec.interop_threads)
        set_tf32(spec.precision)
        self._precision = torch_precision(spec.precision, self._device_name)
        torch.manual_seed(spec.seed)
        return self._info(spec)

    def build(self, spec: RunSpec) -> StepFn:
        """Model, data, optimizer and loss on the device; returns one synchronised step."""
        import torch

        self._mode, self._task = spec.mode, spec.task
        if self._precision is None:  # built without configure(): the spec's precision, no TF32 change
            self._precision = torch_precision(spec.precision, self._device_name)
        work = build_torch_workload(spec, torch.device(self._device_name))
        self._parameters = count_parameters(work.model)
        self._loader = work.loader
        if spec.task == "infer":
            work.model.eval()
            return self._infer_step(_forward(work.model, spec), work.next_batch)
        work.model.train()
        return self._train_step(_forward(work.model, spec), work)

    def model_parameters(self) -> int:
        """Trainable values (``numel`` of every parameter that requires grad) of the model built."""
        return self._parameters

    def loader_info(self) -> dict[str, Any]:
        """The input pipeline's own throughput (``--data pipeline``; empty otherwise)."""
        return dict(self._loader)

    def counters(self) -> dict[str, int]:
        """Dynamo's counts in ``compiled`` mode; nothing is counted in the other modes.

        What was compiled: ``whole_step_compiled`` is 1 when the compiled function was the whole
        train step (0: the model's forward, for inference) and ``optimizer_compiled`` 1 when
        Dynamo holds compiled code for the optimizer's ``step``. ``step_graph_breaks`` are the
        breaks the train step has by design (the backward call, torch.optim's own around the
        update): ``graph_breaks`` minus them are the model's.
        """
        if self._mode != "compiled":
            return {}
        from torch._dynamo.utils import counters

        breaks = counters["graph_break"]
        values = {
            "frames_total": counters["frames"]["total"],
            "frames_compiled": counters["frames"]["ok"],
            "unique_graphs": counters["stats"]["unique_graphs"],
            "graph_breaks": sum(breaks.values()),
            # Constructs Dynamo cannot trace (e.g. nn.LSTM): that code ran eagerly instead.
            "unsupported": sum(counters["unimplemented"].values()),
            "whole_step_compiled": int(self._task == "train"),
            "step_graph_breaks": sum(count for reason, count in breaks.items()
                                     if any(mark in reason for mark in _STEP_BREAK_MARKS)),
        }
        if self._optimizer is not None and (found := _compiled_by_dynamo(self._optimizer)) is not None:
            values["optimizer_compiled"] = found
        return values

    def _train_step(self, forward: Forward, work: TorchWorkload) -> StepFn:
        self._optimizer = optimizer = work.make_optimizer()
        precision = self._precision
        assert precision is not None  # set by build()
        sync = self._synchronizer()
        compiled = self._mode == "compiled"
        update = precision.updater(optimizer, _backward(compiled))
        next_batch, loss_fn = work.next_batch, work.loss

        def train(inputs: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
            with precision.autocast():
                loss = loss_fn(forward(inputs).float(), labels)  # float32 logits, as in TF
            update(loss)
            return loss

        run = _compile(train) if compiled else train

        def step() -> None:
            # Outside the compiled function: Dynamo skips zero_grad, a graph break for nothing.
            optimizer.zero_grad(set_to_none=True)
            sync(run(*next_batch()))

        return step

    def _infer_step(self, forward: Forward,
                    next_batch: Callable[[], tuple[torch.Tensor, torch.Tensor]]) -> StepFn:
        import torch

        sync = self._synchronizer()
        precision = self._precision
        assert precision is not None  # set by build()

        def step() -> None:
            inputs, _ = next_batch()
            with torch.inference_mode(), precision.autocast():
                total = forward(inputs).float().sum()
            sync(total)

        return step

    def _synchronizer(self) -> Callable[[torch.Tensor], None]:
        """Wait for the device, then fetch one scalar to the host (as the TF side does)."""
        import torch

        on_cuda = self._device_name == "cuda"

        def sync(value: torch.Tensor) -> None:
            if on_cuda:
                torch.cuda.synchronize()
            self.last_value = value.item()

        return sync

    def _info(self, spec: RunSpec) -> dict[str, Any]:
        import torch

        return {
            "framework": "torch",
            "version": torch.__version__,
            "build": _build_info(),
            "threads": torch.get_num_threads(),
            "interop_threads": torch.get_num_interop_threads(),
            **(self._precision.info() if self._precision else {"precision": spec.precision}),
            "tf32": bool(torch.backends.cuda.matmul.allow_tf32),
            "tf32_settings": {
                "float32_matmul_precision": torch.get_float32_matmul_precision(),
                "cuda_matmul_allow_tf32": bool(torch.backends.cuda.matmul.allow_tf32),
                "cudnn_allow_tf32": bool(torch.backends.cudnn.allow_tf32),
            },
            "device": _device_label(self._device_name),
            "env": {name: os.environ.get(name) for name in _ENV_NAMES},
        }


def _checked_device(device: str) -> str:
    """``device`` if torch can use it; a clear error for CUDA on a machine without it."""
    import torch

    if device == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(
            f"device 'cuda' was asked for, but torch {torch.__version__} sees no CUDA GPU "
            f"(torch built with CUDA: {torch.version.cuda or 'no'})"
        )
    return device


def _forward(model: nn.Module, spec: RunSpec) -> Forward:
    """The model as the mode runs it: itself, traced with TorchScript at its first call, or (for
    inference) torch.compile'd; a compiled train step compiles the model with the rest."""
    if spec.mode == "graph":
        return _TracedOnFirstCall(model, spec)
    if spec.mode == "compiled" and spec.task == "infer":
        return _compile(model)
    return model


def _compile(function: Callable[..., Any]) -> Callable[..., Any]:
    """``torch.compile(function)``, Dynamo's counters cleared so they count this run only."""
    import torch
    from torch._dynamo.utils import counters

    counters.clear()
    return torch.compile(function)


def _backward(compiled: bool) -> Callable[[torch.Tensor], None]:
    """``Tensor.backward``; for a compiled step, hidden from Dynamo."""
    import torch

    if not compiled:
        return torch.Tensor.backward
    # backward() is a graph break either way (AOTAutograd compiled its graph with the forward);
    # left to Dynamo, the Python frames of the first, lazily compiled backward would be counted
    # as frames and unsupported constructs of the step.
    hidden: Callable[[torch.Tensor], None] = torch.compiler.disable(  # type: ignore[no-untyped-call]
        torch.Tensor.backward
    )
    return hidden


def _compiled_by_dynamo(optimizer: torch.optim.Optimizer) -> int | None:
    """1 if Dynamo holds compiled code for the optimizer's ``step`` (under its decorators), else
    0; None where this torch has no way to ask."""
    import inspect

    try:  # private, and the only way to ask; absent from some torch versions
        from torch._dynamo.eval_frame import _debug_get_cache_entry_list
    except ImportError:
        return None
    step = inspect.unwrap(type(optimizer).step)
    return int(bool(_debug_get_cache_entry_list(step.__code__)))


class _TracedOnFirstCall:
    """The model, traced with ``torch.jit.trace`` on the inputs of its first call (in the train
    or eval state it is in then), so the tracing is timed in the first step."""

    def __init__(self, model: nn.Module, spec: RunSpec) -> None:
        self._model = model
        self._spec = spec
        self._traced: Forward | None = None

    def __call__(self, inputs: torch.Tensor) -> torch.Tensor:
        if self._traced is None:
            self._traced = _traced(self._model, inputs, self._spec)
        return self._traced(inputs)


def _traced(model: nn.Module, example: torch.Tensor, spec: RunSpec) -> Forward:
    """``torch.jit.trace`` of the model (in its current train/eval state); clear error if not."""
    import torch

    if not hasattr(torch.jit, "trace"):
        raise RuntimeError(f"TorchScript (torch.jit.trace) is not available in torch "
                           f"{torch.__version__}; choose mode 'eager' or 'compiled'")
    try:
        # Traced outside the inference step's inference_mode, with autograd as the task needs.
        with torch.inference_mode(False), torch.set_grad_enabled(spec.task == "train"):
            # check_trace=False: the check would trace a second time.
            traced: Forward = torch.jit.trace(  # type: ignore[no-untyped-call]
                model, example, check_trace=False
            )
            return traced
    except Exception as exc:
        raise RuntimeError(f"TorchScript could not trace the {spec.workload_label} model in torch "
                           f"{torch.__version__}: {type(exc).__name__}: {exc}") from exc


def _build_info() -> dict[str, Any]:
    import torch

    backends: Any = torch.backends  # some of its functions are untyped in torch's stubs
    summary = [
        line.strip(" -")
        for line in torch.__config__.show().splitlines()
        if line.startswith("  - ") and "Build settings" not in line
    ]
    return {
        "git_version": torch.version.git_version,
        "cuda": torch.version.cuda,
        "cudnn": backends.cudnn.version(),
        "mkldnn": backends.mkldnn.is_available(),
        "mkl": backends.mkl.is_available(),
        "openmp": backends.openmp.is_available(),
        "parallel_backend": _parallel_backend(),
        "summary": summary,
    }


def _parallel_backend() -> str:
    import torch

    for line in torch.__config__.parallel_info().splitlines():
        if line.startswith("ATen parallel backend:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def _device_label(device: str) -> str:
    import torch

    return torch.cuda.get_device_name(0) if device == "cuda" else "cpu"
