"""The deployment scenario's plug: ``fwprof run --task deploy`` (alone or after the matrix)."""

from __future__ import annotations

import argparse

from fwprof.launch.run_kind import RunKind
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.base import JsonSection, ScenarioDefaults
from fwprof.scenarios.deploy.args import add_deploy_arguments
from fwprof.scenarios.deploy.html import deploy_section
from fwprof.scenarios.deploy.kind import DeployRuns
from fwprof.scenarios.deploy.markdown import deploy_table
from fwprof.scenarios.deploy.summary import deploy_summary
from fwprof.scenarios.deploy.table import render_deploy


class DeployScenario(ScenarioDefaults):
    """Export, load, check and time every deployment format; runs in the built-in session."""

    name: str = "deploy"
    title: str = "Deployment formats"
    summary_keys: tuple[str, ...] = ("deploy",)
    headline: str = "Deployment formats on this machine"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        add_deploy_arguments(parser)

    def run_kind(self) -> RunKind | None:
        return DeployRuns()

    def summarize(self, record: SessionRecord, runs: list[RunResult]) -> JsonSection:
        return JsonSection({"deploy": deploy_summary(runs)})

    def text(self, section: JsonSection) -> list[str]:
        return render_deploy(section.rows("deploy"))

    def html(self, section: JsonSection, record: SessionRecord) -> list[str]:
        return [found] if (found := deploy_section(section.to_json())) else []

    def markdown(self, section: JsonSection) -> list[str]:
        return deploy_table(section.to_json())

    def settings_line(self, record: SessionRecord) -> str | None:
        return None  # its runs share the built-in session's settings (the comparison's line names them)


SCENARIO = DeployScenario()
