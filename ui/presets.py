"""Named starting points for the run setup."""

from __future__ import annotations

from dataclasses import replace

from fwprof.catalog import FRAMEWORKS, MODES, TASKS, WORKLOADS
from fwprof.config import SessionConfig

#: About a minute on a 2-core CPU: one small model, both frameworks, eager and graph.
QUICK = SessionConfig(
    workloads=("mlp",), frameworks=FRAMEWORKS, tasks=("train",), modes=("eager", "graph"),
    steps=100, warmup=10, repeats=1,
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
