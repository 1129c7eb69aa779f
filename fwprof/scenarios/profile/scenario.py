"""Script profiling's plug: ``fwprof profile`` (a command of its own, see :mod:`fwprof.cli.profile_cmd`)."""

from __future__ import annotations

from fwprof.config import SessionConfig
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.base import ScenarioDefaults
from fwprof.scenarios.profile.html import scripts_table
from fwprof.scenarios.profile.html_phases import phases_section
from fwprof.scenarios.profile.markdown import script_table
from fwprof.scenarios.profile.report import render_scripts, script_summary
from fwprof.scenarios.profile.script_verdict import compare_settings, script_comparisons
from fwprof.scenarios.profile.section import ProfileSection
from fwprof.scenarios.profile.verdict_view import verdict_html, verdict_lines, verdict_markdown


class ProfileScenario(ScenarioDefaults):
    """A user's own scripts, run (or attached to) and sampled; steps from hooks or ``fwprof.step()``."""

    name: str = "profile"
    title: str = "Script profile"
    summary_keys: tuple[str, ...] = ("scripts", "script_comparison")
    headline: str = "Script profile"
    timeline_legend: str = "scripts"

    def summarize(self, record: SessionRecord, runs: list[RunResult]) -> ProfileSection:
        return ProfileSection(tuple(script_summary(run) for run in runs),
                              tuple(script_comparisons(record, runs)))

    def text(self, section: ProfileSection) -> list[str]:
        return render_scripts(section.scripts) + verdict_lines(section.comparisons)

    def html(self, section: ProfileSection, record: SessionRecord) -> list[str]:
        found = (verdict_html(section.comparisons), scripts_table(section.scripts),
                 phases_section(section.scripts))
        return [html for html in found if html]

    def markdown(self, section: ProfileSection) -> list[str]:
        return verdict_markdown(section.comparisons) + script_table(section.scripts)

    def settings_line(self, record: SessionRecord) -> str | None:
        cfg = record.config
        if isinstance(cfg, SessionConfig):
            return None
        compared = compare_settings(record)
        return f"{compared or f'{len(record.runs)} script run(s)'} · samples at {cfg.sample_rate_hz:g} Hz"


SCENARIO = ProfileScenario()
