"""The convergence scenario's plug: ``fwprof run --task converge``."""

from __future__ import annotations

import argparse

from fwprof.launch.progress import ProgressPrinter
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.base import BaseConfig, Launch, PlannedSession, ScenarioDefaults
from fwprof.scenarios.converge.args import add_converge_arguments, config_from_args, is_converge_task
from fwprof.scenarios.converge.html import converge_section
from fwprof.scenarios.converge.markdown import converge_lines
from fwprof.scenarios.converge.section import ConvergeSection
from fwprof.scenarios.converge.session import ConvergeSession
from fwprof.scenarios.converge.settings import converge_settings_line
from fwprof.scenarios.converge.summary import converge_summary
from fwprof.scenarios.converge.table import render_converge


class ConvergeScenario(ScenarioDefaults):
    """Time to accuracy in both frameworks, one fresh process per seed."""

    name: str = "converge"
    title: str = "Convergence"
    summary_keys: tuple[str, ...] = ("converge",)
    with_session_notes: bool = True
    runs_other_interpreters: bool = False
    headline: str = "Time to accuracy: TensorFlow vs PyTorch"
    with_phases: bool = True

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_converge_arguments(parser)

    def selected(self, args: argparse.Namespace) -> bool:
        return is_converge_task(args)

    def plan(self, args: argparse.Namespace, base: BaseConfig, launch: Launch) -> PlannedSession:
        config = config_from_args(args, base)
        return PlannedSession(
            config,
            lambda observers, autosave: ConvergeSession(config, observers=observers, autosave=autosave),
            (ProgressPrinter(),),
        )

    def summarize(self, record: SessionRecord, runs: list[RunResult]) -> ConvergeSection:
        return ConvergeSection(tuple(converge_summary(runs)))

    def text(self, section: ConvergeSection) -> list[str]:
        return render_converge(section.entries)

    def html(self, section: ConvergeSection, record: SessionRecord) -> list[str]:
        return [found] if (found := converge_section(section)) else []

    def markdown(self, section: ConvergeSection) -> list[str]:
        return converge_lines(section)

    def settings_line(self, record: SessionRecord) -> str | None:
        return converge_settings_line(record)


SCENARIO = ConvergeScenario()
