"""The comparison's plug: ``fwprof run`` (train and infer tasks), the default scenario."""

from __future__ import annotations

from fwprof.launch.run_kind import AdaptivePlannerFactory, RunKind
from fwprof.report.sections import ComparisonSection
from fwprof.report.summary import comparison_sections
from fwprof.report.table import render_comparison
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.base import ScenarioDefaults
from fwprof.scenarios.compare.html import html_sections
from fwprof.scenarios.compare.markdown import markdown_lines
from fwprof.scenarios.compare.rounds import RoundPlanner
from fwprof.scenarios.compare.settings import matrix_settings_line


class CompareScenario(ScenarioDefaults):
    """TensorFlow vs PyTorch per (workload, task, mode): throughput, interval, verdict."""

    name: str = "compare"
    title: str = "Framework comparison"
    summary_keys: tuple[str, ...] = ("runs", "groups", "comparisons", "noise_floor", "adaptive")
    with_session_notes: bool = True
    headline: str = "TensorFlow vs PyTorch on this machine"
    with_phases: bool = True

    def run_kind(self) -> RunKind | None:
        return None  # its runs are the matrix itself

    def adaptive(self) -> AdaptivePlannerFactory | None:
        return RoundPlanner

    def summarize(self, record: SessionRecord, runs: list[RunResult]) -> ComparisonSection:
        return comparison_sections(record, runs)

    def text(self, section: ComparisonSection) -> list[str]:
        return render_comparison(section) if section.groups else []

    def html(self, section: ComparisonSection, record: SessionRecord) -> list[str]:
        return html_sections(section)

    def markdown(self, section: ComparisonSection) -> list[str]:
        return markdown_lines(section)

    def settings_line(self, record: SessionRecord) -> str | None:
        return matrix_settings_line(record)


SCENARIO = CompareScenario()
