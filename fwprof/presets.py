"""Named session configurations: the same presets in the CLI (``--preset``) and the app."""

from __future__ import annotations

from dataclasses import replace

from fwprof.catalog import BUILTIN_WORKLOADS, FRAMEWORKS, MODES, REFERENCE_WORKLOADS, TASKS
from fwprof.config import SessionConfig

#: Under a minute on a 2-core CPU (48 s measured): one small model, both frameworks, graph and
#: eager, three ABBA pairs each (no "faster" verdict rests on fewer), more pairs only while
#: the time budget allows; short measure phases (long enough for 10 samples) and warm-up.
#: Reference models added to it run at their tiny size.
QUICK = SessionConfig(
    workloads=("mlp",), frameworks=FRAMEWORKS, tasks=("train",), modes=("graph", "eager"),
    steps=20, warmup=5, repeats=3, max_repeats=10, max_time_s=55.0, min_time_s=1.0,
    warmup_max_s=1.0, size="tiny",
)
#: Every built-in workload, task and mode, three pairs or more per configuration (reference
#: models are left to the GPU preset: at a useful size they take minutes a run on a CPU).
FULL = SessionConfig(
    workloads=BUILTIN_WORKLOADS, frameworks=FRAMEWORKS, tasks=TASKS, modes=MODES,
    steps=200, warmup=20, repeats=3, max_repeats=10, max_time_s=0.0, min_time_s=2.0,
    warmup_max_s=10.0,
)
#: The models people train, at full size in bf16 on a CUDA GPU: ResNet-50, BERT-base, GPT-2
#: small and ViT-B/16, train, in each framework's graph, compiled and eager modes; PyTorch's
#: images channels-last as TensorFlow's always are (measured on an H200, ResNet-50 bf16 batch
#: 128: 3,771 samples/s channels-last vs 2,223 NCHW); measure phases of at least 2 s (enough
#: GPU-busy samples), warm-up until stable (up to 20 s: compiled steps settle slowly), at most
#: an hour of pairs.
GPU = SessionConfig(
    workloads=REFERENCE_WORKLOADS, frameworks=FRAMEWORKS, tasks=("train",),
    modes=("graph", "compiled", "eager"), device="cuda", size="full", precision="bf16",
    channels_last=True, steps=50, warmup=5, repeats=3, max_repeats=10, max_time_s=3600.0,
    min_time_s=2.0, warmup_max_s=20.0,
)
PRESETS: dict[str, SessionConfig] = {"Quick": QUICK, "Full": FULL, "GPU": GPU}
#: Presets that also choose where to run; the others keep the current device.
DEVICE_PRESETS: tuple[str, ...] = ("GPU",)


def apply_preset(name: str, current: SessionConfig) -> SessionConfig:
    """The preset's matrix, step counts, measuring rules, model size, precision and memory
    layout; where to run (the device) stays as in ``current`` unless the preset is one of
    :data:`DEVICE_PRESETS`, and so do threads, sampling and the other settings of how to run."""
    preset = PRESETS[name]
    return replace(
        current, workloads=preset.workloads, frameworks=preset.frameworks, tasks=preset.tasks,
        modes=preset.modes, steps=preset.steps, warmup=preset.warmup, repeats=preset.repeats,
        max_repeats=preset.max_repeats, max_time_s=preset.max_time_s,
        min_time_s=preset.min_time_s, warmup_max_s=preset.warmup_max_s, batch_size=0,
        size=preset.size, seq_len=0, precision=preset.precision, channels_last=preset.channels_last,
        device=preset.device if name in DEVICE_PRESETS else current.device,
    )
