"""Named session configurations: the same presets in the CLI (``--preset``) and the app."""

from __future__ import annotations

from dataclasses import replace

from fwprof.catalog import FRAMEWORKS, MODES, TASKS, WORKLOADS
from fwprof.config import SessionConfig

#: About a minute on a 2-core CPU: one small model, both frameworks, eager and graph, two
#: fresh processes each so the verdict's interval covers process-to-process variation.
QUICK = SessionConfig(
    workloads=("mlp",), frameworks=FRAMEWORKS, tasks=("train",), modes=("eager", "graph"),
    steps=100, warmup=10, repeats=2,
)
#: Everything, three fresh processes per configuration.
FULL = SessionConfig(
    workloads=tuple(WORKLOADS), frameworks=FRAMEWORKS, tasks=TASKS, modes=MODES,
    steps=200, warmup=20, repeats=3,
)
PRESETS: dict[str, SessionConfig] = {"Quick": QUICK, "Full": FULL}


def apply_preset(name: str, current: SessionConfig) -> SessionConfig:
    """The preset's matrix and step counts; where and how to run stays as in ``current``."""
    preset = PRESETS[name]
    return replace(
        current, workloads=preset.workloads, frameworks=preset.frameworks, tasks=preset.tasks,
        modes=preset.modes, steps=preset.steps, warmup=preset.warmup, repeats=preset.repeats,
        batch_size=0,
    )
