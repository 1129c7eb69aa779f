"""The summary document, typed: each scenario's section, then the session notes.

:func:`fwprof.outputs.summary.build_summary` builds it once; the text report, the HTML and
Markdown exports, the CSV tables and the app read it. :meth:`SummaryDocument.to_json` is the
``fwprof.summary/1`` JSON (``--json``, the snapshot's stored summary), key for key as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fwprof.advice.base import Finding
from fwprof.report.sections import ComparisonSection
from fwprof.scenarios import registry
from fwprof.scenarios.base import Scenario, SummarySection
from fwprof.scenarios.converge.section import ConvergeSection
from fwprof.scenarios.deploy.section import DeploySection
from fwprof.scenarios.distributed.section import DistributedSection
from fwprof.scenarios.profile.section import ProfileSection

SUMMARY_SCHEMA = "fwprof.summary/1"


@dataclass(frozen=True)
class SummaryDocument:
    """A session's figures: every scenario's section (by scenario name, in registry order),
    the top operators of traced runs, the start-up rows, the memory and GPU activity per run
    and the recommendations."""

    created: str | None
    status: str | None
    environment: Mapping[str, Any]
    sections: Mapping[str, SummarySection]
    operators: list[dict[str, Any]] = field(default_factory=list)
    startup: list[dict[str, Any]] = field(default_factory=list)
    run_resources: list[dict[str, Any]] = field(default_factory=list)
    recommendations: tuple[Finding, ...] = ()

    @property
    def comparison(self) -> ComparisonSection:
        """The comparison's section (empty in a session without built-in runs)."""
        found = self.sections.get("compare")
        return found if isinstance(found, ComparisonSection) else ComparisonSection()

    @property
    def distributed(self) -> DistributedSection:
        """The distributed scenario's section (empty in a session without distributed launches)."""
        found = self.sections.get("distributed")
        return found if isinstance(found, DistributedSection) else DistributedSection()

    @property
    def profile(self) -> ProfileSection:
        """The script runs' section (empty in a session without script runs)."""
        found = self.sections.get("profile")
        return found if isinstance(found, ProfileSection) else ProfileSection()

    @property
    def deploy(self) -> DeploySection:
        """The deploy scenario's section (empty in a session without deploy runs)."""
        found = self.sections.get("deploy")
        return found if isinstance(found, DeploySection) else DeploySection()

    @property
    def converge(self) -> ConvergeSection:
        """The convergence scenario's section (empty in a session without convergence runs)."""
        found = self.sections.get("converge")
        return found if isinstance(found, ConvergeSection) else ConvergeSection()

    def each(self) -> list[tuple[Scenario, SummarySection]]:
        """Every scenario with its section, in registry order (a scenario the document has no
        section of is left out)."""
        return [(s, self.sections[s.name]) for s in registry.SCENARIOS
                if s.name in self.sections]

    def present(self) -> list[Scenario]:
        """The scenarios with runs in the session, in registry order."""
        return [s for s in registry.SCENARIOS if (found := self.sections.get(s.name)) and found.has_runs()]

    def to_json(self) -> dict[str, Any]:
        """The ``fwprof.summary/1`` document."""
        document: dict[str, Any] = {"schema": SUMMARY_SCHEMA, "created": self.created,
                                    "status": self.status, "environment": self.environment}
        for _, section in self.each():
            document.update(section.to_json())
        document["operators"] = self.operators
        document["startup"] = self.startup
        document["run_resources"] = self.run_resources
        document["recommendations"] = [finding.to_dict() for finding in self.recommendations]
        return document
