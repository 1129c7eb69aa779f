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

#: What each mode means in each framework, shown in `fwprof list` and the GUI.
MODE_MEANINGS: dict[str, dict[str, str]] = {
    "eager": {"torch": "eager", "tensorflow": "eager (GradientTape, no tf.function)"},
    "graph": {"torch": "TorchScript (torch.jit.trace)", "tensorflow": "tf.function"},
    "compiled": {"torch": "torch.compile (Inductor)", "tensorflow": "tf.function(jit_compile=True) (XLA)"},
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
