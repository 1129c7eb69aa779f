"""Names of everything fwprof can run: frameworks, workloads, tasks, modes and devices.

This module is the single source of those names. It imports no DL framework.

Workloads are of two kinds: the four small built-in models (``mlp``, ``cnn``, ``lstm``,
``transformer``), which have one size and measure framework overhead more than the frameworks,
and the reference models people train (``resnet50``, ``bert-base``, ``gpt2-small``,
``vit-b16``, :mod:`fwprof.workloads.reference`), each at the sizes in :data:`SIZES`. A run's
size applies to reference models only: a built-in run ignores it (its spec stores ``full``, its
one size) and views show its size as ``-``.
"""

from __future__ import annotations

from dataclasses import dataclass

# Re-exported: the reference package is the one source of these names.
from fwprof.workloads.reference.sizes import REFERENCE_MODELS as REFERENCE_MODELS
from fwprof.workloads.reference.sizes import SEQUENCE_MODELS as SEQUENCE_MODELS
from fwprof.workloads.reference.sizes import SIZES as SIZES
from fwprof.workloads.reference.sizes import model_config

FRAMEWORKS: tuple[str, ...] = ("torch", "tensorflow")
TASKS: tuple[str, ...] = ("train", "infer")
#: ``--task`` names of the scenarios that run on their own (every task name lives here).
DEPLOY_TASK = "deploy"
CONVERGE_TASK = "converge"
DISTRIBUTED_TASK = "distributed"
MODES: tuple[str, ...] = ("eager", "graph", "compiled")
DEVICES: tuple[str, ...] = ("cpu", "cuda")
#: fp32: float32 with TF32 off; tf32: float32 with TensorFloat-32 matmuls allowed; bf16 and fp16:
#: mixed precision (torch.autocast / Keras mixed policies; fp16 with loss scaling), TF32 off.
PRECISIONS: tuple[str, ...] = ("fp32", "tf32", "bf16", "fp16")
#: The precisions that compute in a 16-bit float type with float32 weights.
MIXED_PRECISIONS: tuple[str, ...] = ("bf16", "fp16")

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
    """A workload: the same architecture in both frameworks.

    ``sizes`` is empty for the built-in workloads (one size); ``default_batch_size`` is the
    batch of a reference model's ``small`` size (each size has its own: :func:`default_batch_size`).
    """

    name: str
    description: str
    default_batch_size: int
    sizes: tuple[str, ...] = ()

    @property
    def is_reference(self) -> bool:
        """One of the reference models, which come in sizes."""
        return bool(self.sizes)


#: The size a built-in workload's spec stores: its one and only size.
BUILTIN_SIZE = "full"

_BUILTIN = (
    WorkloadInfo("mlp", "MLP 784-256-256-10, ReLU", 128),
    WorkloadInfo("cnn", "CNN 32x32x3: 2x(conv3x3+ReLU+maxpool), dense 128, dense 10", 64),
    WorkloadInfo("lstm", "Embedding(5000,128) -> LSTM(128) -> dense 10, sequence 64", 64),
    WorkloadInfo("transformer", "2 encoder blocks, d_model 128, 4 heads, FF 256, sequence 64", 32),
)
#: What each reference model stresses, described at its ``full`` size.
_REFERENCE_DESCRIPTIONS = {
    "resnet50": "ResNet-50: 224x224 images, 1000 classes; stresses convolutions + BatchNorm "
                "(conv kernels, memory layout); 25.6M parameters",
    "bert-base": "BERT-base: 12-layer encoder, hidden 768, sequence 128, classifier; stresses "
                 "dense matmuls, attention, LayerNorm; 109.5M parameters",
    "gpt2-small": "GPT-2 small: 12-layer causal decoder, hidden 768, context 1024; stresses causal "
                  "attention and the 50,257-token tied LM head at every position; 124.4M parameters",
    "vit-b16": "ViT-B/16: 224x224 images as 197 patch tokens, 12 layers, hidden 768; stresses "
               "transformer matmuls on images; 86.6M parameters",
}
_REFERENCE = tuple(
    WorkloadInfo(name, _REFERENCE_DESCRIPTIONS[name], model_config(name, "small").batch_size, SIZES)
    for name in REFERENCE_MODELS
)

WORKLOADS: dict[str, WorkloadInfo] = {w.name: w for w in (*_BUILTIN, *_REFERENCE)}
#: The built-in workloads (one size each), which every scenario runs.
BUILTIN_WORKLOADS: tuple[str, ...] = tuple(w.name for w in _BUILTIN)
#: The reference models, which comparisons run at a size (train and infer tasks).
REFERENCE_WORKLOADS: tuple[str, ...] = REFERENCE_MODELS


#: The workload name of a run of the user's own model file (``--model FILE``).
CUSTOM_WORKLOAD = "custom"
#: Batch size of the user's model when none is asked for.
CUSTOM_BATCH_SIZE = 32
#: Where batches come from: one fixed batch in memory, or an input pipeline reading JPEGs.
DATA_SOURCES: tuple[str, ...] = ("memory", "pipeline")
#: Workloads of images, which ``--data pipeline`` can feed.
PIPELINE_WORKLOADS: tuple[str, ...] = ("cnn", "resnet50", "vit-b16")


def is_reference(workload: str) -> bool:
    """``workload`` is a reference model (it has sizes)."""
    return workload in REFERENCE_MODELS


def default_batch_size(workload: str, size: str, seq_len: int = 0) -> int:
    """The batch a run of ``workload`` at ``size`` takes when none is asked for."""
    if workload == CUSTOM_WORKLOAD:
        return CUSTOM_BATCH_SIZE
    if is_reference(workload):
        return model_config(workload, size, seq_len or None).batch_size
    return WORKLOADS[workload].default_batch_size


def workload_label(workload: str, size: str, seq_len: int = 0, model_file: str = "",
                   data: str = "memory") -> str:
    """The name views show and comparisons pair on: ``mlp``; ``resnet50/tiny``;
    ``gpt2-small/full/seq512`` for a shortened sequence; ``custom:my_models.py`` for the user's
    model file; ``+pipeline`` when batches come through the input pipeline. Runs of different
    labels never pair."""
    suffix = "+pipeline" if data == "pipeline" else ""
    if workload == CUSTOM_WORKLOAD:
        return f"{CUSTOM_WORKLOAD}:{model_file.rsplit('/', 1)[-1] or '?'}{suffix}"
    if not is_reference(workload):
        return workload + suffix
    return f"{workload}/{size}" + (f"/seq{seq_len}" if seq_len else "") + suffix
