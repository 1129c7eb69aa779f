"""Named session configurations: the same presets in the CLI (``--preset``) and the app."""

from __future__ import annotations

from dataclasses import replace

from fwprof.catalog import FRAMEWORKS, MODES, TASKS, WORKLOADS
from fwprof.config import SessionConfig

#: Under a minute on a 2-core CPU (48 s measured): one small model, both frameworks, graph and
#: eager, three ABBA pairs each (no "faster" verdict rests on fewer), more pairs only while
#: the time budget allows; short measure phases (long enough for 10 samples) and warm-up.
QUICK = SessionConfig(
    workloads=("mlp",), frameworks=FRAMEWORKS, tasks=("train",), modes=("graph", "eager"),
    steps=20, warmup=5, repeats=3, max_repeats=10, max_time_s=55.0, min_time_s=1.0,
    warmup_max_s=1.0,
)
#: Everything, three pairs or more per configuration.
FULL = SessionConfig(
    workloads=tuple(WORKLOADS), frameworks=FRAMEWORKS, tasks=TASKS, modes=MODES,
    steps=200, warmup=20, repeats=3, max_repeats=10, max_time_s=0.0, min_time_s=2.0,
    warmup_max_s=10.0,
)
PRESETS: dict[str, SessionConfig] = {"Quick": QUICK, "Full": FULL}


def apply_preset(name: str, current: SessionConfig) -> SessionConfig:
    """The preset's matrix, step counts and measuring rules; where and how to run stays as
    in ``current``."""
    preset = PRESETS[name]
    return replace(
        current, workloads=preset.workloads, frameworks=preset.frameworks, tasks=preset.tasks,
        modes=preset.modes, steps=preset.steps, warmup=preset.warmup, repeats=preset.repeats,
        max_repeats=preset.max_repeats, max_time_s=preset.max_time_s,
        min_time_s=preset.min_time_s, warmup_max_s=preset.warmup_max_s, batch_size=0,
    )
