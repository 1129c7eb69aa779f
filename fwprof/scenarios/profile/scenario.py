"""Script profiling's plug: ``fwprof profile`` (a command of its own, see :mod:`fwprof.cli.profile_cmd`)."""

from __future__ import annotations

from fwprof.config import SessionConfig
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.base import JsonSection, ScenarioDefaults
from fwprof.scenarios.profile.html import scripts_table
from fwprof.scenarios.profile.markdown import script_table
from fwprof.scenarios.profile.report import render_scripts, script_summary


class ProfileScenario(ScenarioDefaults):
    """A user's own scripts, run (or attached to) and sampled; steps from hooks or ``fwprof.step()``."""

    name: str = "profile"
    title: str = "Script profile"
    summary_keys: tuple[str, ...] = ("scripts",)
    headline: str = "Script profile"
    timeline_legend: str = "scripts"

    def summarize(self, record: SessionRecord, runs: list[RunResult]) -> JsonSection:
        return JsonSection({"scripts": [script_summary(run) for run in runs]})

    def text(self, section: JsonSection) -> list[str]:
        return render_scripts(section.rows("scripts"))

    def html(self, section: JsonSection, record: SessionRecord) -> list[str]:
        return [found] if (found := scripts_table(section.to_json())) else []

    def markdown(self, section: JsonSection) -> list[str]:
        return script_table(section.to_json())

    def settings_line(self, record: SessionRecord) -> str | None:
        cfg = record.config
        if isinstance(cfg, SessionConfig):
            return None
        return f"{len(record.runs)} script run(s) · samples at {cfg.sample_rate_hz:g} Hz"


SCENARIO = ProfileScenario()
