"""The distributed scenario's plug: ``fwprof run --task distributed``."""

from __future__ import annotations

import argparse

from fwprof.launch.progress import ProgressPrinter
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.base import BaseConfig, Launch, PlannedSession, ScenarioDefaults
from fwprof.scenarios.distributed.args import (
    LaunchNotes,
    add_distributed_arguments,
    config_from_args,
    is_distributed_task,
)
from fwprof.scenarios.distributed.html import scaling_section
from fwprof.scenarios.distributed.markdown import scaling_lines
from fwprof.scenarios.distributed.report import render_scaling
from fwprof.scenarios.distributed.scaling import scaling_summary
from fwprof.scenarios.distributed.section import DistributedSection
from fwprof.scenarios.distributed.session import DistributedSession
from fwprof.scenarios.distributed.settings import scaling_settings_line


class DistributedScenario(ScenarioDefaults):
    """Data-parallel scaling: PyTorch DDP and TensorFlow MultiWorkerMirroredStrategy."""

    name: str = "distributed"
    title: str = "Data-parallel scaling"
    summary_keys: tuple[str, ...] = ("scaling",)
    runs_other_interpreters: bool = False
    headline: str = "Data-parallel scaling on this machine"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_distributed_arguments(parser)

    def selected(self, args: argparse.Namespace) -> bool:
        return is_distributed_task(args)

    def plan(self, args: argparse.Namespace, base: BaseConfig, launch: Launch) -> PlannedSession:
        config = config_from_args(args, base)
        return PlannedSession(
            config,
            lambda observers, autosave: DistributedSession(config, observers=observers, autosave=autosave),
            (LaunchNotes(), ProgressPrinter()),
        )

    def summarize(self, record: SessionRecord, runs: list[RunResult]) -> DistributedSection:
        return DistributedSection(tuple(scaling_summary(runs, record.environment.get("cores_available"))))

    def text(self, section: DistributedSection) -> list[str]:
        return render_scaling(section.scaling)

    def html(self, section: DistributedSection, record: SessionRecord) -> list[str]:
        return [found] if (found := scaling_section(section)) else []

    def markdown(self, section: DistributedSection) -> list[str]:
        return scaling_lines(section)

    def settings_line(self, record: SessionRecord) -> str | None:
        return scaling_settings_line(record)


SCENARIO = DistributedScenario()
