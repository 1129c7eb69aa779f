"""The deployment scenario's plug: ``fwprof run --task deploy`` (alone or after the matrix)."""

from __future__ import annotations

import argparse

from fwprof.launch.run_kind import RunKind
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.base import ScenarioDefaults
from fwprof.scenarios.deploy.args import add_deploy_arguments
from fwprof.scenarios.deploy.html import deploy_section
from fwprof.scenarios.deploy.kind import DeployRuns
from fwprof.scenarios.deploy.markdown import deploy_table
from fwprof.scenarios.deploy.section import SCENARIO_NAME, SUMMARY_KEY, DeploySection
from fwprof.scenarios.deploy.summary import deploy_summary
from fwprof.scenarios.deploy.table import render_deploy


class DeployScenario(ScenarioDefaults):
    """Export, load, check and time every deployment format; runs in the built-in session."""

    name: str = SCENARIO_NAME
    title: str = "Deployment formats"
    summary_keys: tuple[str, ...] = (SUMMARY_KEY,)
    headline: str = "Deployment formats on this machine"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_deploy_arguments(parser)

    def run_kind(self) -> RunKind | None:
        return DeployRuns()

    def summarize(self, record: SessionRecord, runs: list[RunResult]) -> DeploySection:
        return deploy_summary(runs)

    def text(self, section: DeploySection) -> list[str]:
        return render_deploy(section)

    def html(self, section: DeploySection, record: SessionRecord) -> list[str]:
        return [found] if (found := deploy_section(section)) else []

    def markdown(self, section: DeploySection) -> list[str]:
        return deploy_table(section)

    def settings_line(self, record: SessionRecord) -> str | None:
        return None  # its runs share the built-in session's settings (the comparison's line names them)


SCENARIO = DeployScenario()
