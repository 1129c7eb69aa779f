"""Names of everything fwprof can run: frameworks, workloads, tasks, modes and devices.

This module is the single source of those names. It imports no DL framework.
"""

from __future__ import annotations

from dataclasses import dataclass

FRAMEWORKS: tuple[str, ...] = ("torch", "tensorflow")
TASKS: tuple[str, ...] = ("train", "infer")
MODES: tuple[str, ...] = ("eager", "graph", "compiled")
DEVICES: tuple[str, ...] = ("cpu", "cuda")
PRECISIONS: tuple[str, ...] = ("fp32", "tf32")

FRAMEWORK_LABELS: dict[str, str] = {"torch": "PyTorch", "tensorflow": "TensorFlow"}

#: What each mode means in each framework, shown in `fwprof list` and the GUI: exactly what each
#: side runs as a graph or compiles of a training step (inference: the forward pass).
MODE_MEANINGS: dict[str, dict[str, str]] = {
    "eager": {
        "torch": "eager (no tracing or compilation)",
        "tensorflow": "eager (GradientTape, no tf.function)",
    },
    "graph": {
        "torch": "TorchScript trace of the model (loss, backward and optimizer step run eagerly)",
        "tensorflow": "tf.function of the whole train step (forward, loss, gradients, optimizer)",
    },
    "compiled": {
        "torch": "torch.compile (Inductor) of the whole train step (forward, loss, backward, "
                 "optimizer)",
        "tensorflow": "XLA (tf.function jit_compile) of the whole train step (forward, loss, "
                      "gradients, optimizer)",
    },
}

#: A short name of each mode in each framework, for titles and sentences (MODE_MEANINGS says
#: what it covers).
MODE_NAMES: dict[str, dict[str, str]] = {
    "eager": {"torch": "eager", "tensorflow": "eager"},
    "graph": {"torch": "TorchScript (torch.jit.trace)", "tensorflow": "tf.function"},
    "compiled": {"torch": "torch.compile (Inductor)", "tensorflow": "tf.function(jit_compile=True) (XLA)"},
}

#: What part of a training step each mode puts in a graph or compiles, per framework:
#: "whole step", "model only" or "none"; where the two sides differ, a comparison of the mode
#: compares different things.
MODE_COVERAGE: dict[str, dict[str, str]] = {
    "eager": {"torch": "none", "tensorflow": "none"},
    "graph": {"torch": "model only", "tensorflow": "whole step"},
    "compiled": {"torch": "whole step", "tensorflow": "whole step"},
}


@dataclass(frozen=True)
class WorkloadInfo:
    """A built-in workload: the same architecture in both frameworks."""

    name: str
    description: str
    default_batch_size: int


WORKLOADS: dict[str, WorkloadInfo] = {
    w.name: w
    for w in (
        WorkloadInfo("mlp", "MLP 784-256-256-10, ReLU", 128),
        WorkloadInfo("cnn", "CNN 32x32x3: 2x(conv3x3+ReLU+maxpool), dense 128, dense 10", 64),
        WorkloadInfo("lstm", "Embedding(5000,128) -> LSTM(128) -> dense 10, sequence 64", 64),
        WorkloadInfo(
            "transformer", "2 encoder blocks, d_model 128, 4 heads, FF 256, sequence 64", 32
        ),
    )
}
