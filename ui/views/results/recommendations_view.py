"""The recommendations of a session: each finding's title, evidence and what to try.

Fed by a summary's ``recommendations`` list; shown on the Results tab under the tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QTextBrowser, QWidget

from fwprof.advice.base import Finding
from ui.base.theme import Theme, current_theme

EMPTY = "No recommendations: no rule found a problem in these measurements."


class RecommendationsView(QTextBrowser):
    """A read-only, selectable list of findings (warnings first, as the summary orders them)."""

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.findings: list[Finding] = []
        self.setOpenLinks(False)
        self.setMinimumHeight(90)
        self.show_findings([])

    def show_findings(self, findings: Sequence[Finding]) -> None:
        """Replace the list."""
        self.findings = list(findings)
        if not self.findings:
            self.setHtml(f"<p style='color:{self.theme.muted}'>{EMPTY}</p>")
            return
        self.setHtml("".join(self._finding_html(f) for f in self.findings))

    def _finding_html(self, finding: Finding) -> str:
        warning = finding.severity == "warning"
        colour = self.theme.warn if warning else self.theme.good
        tag = "check" if warning else "tip"
        scope = finding.scope or "session"
        return (f"<p style='margin:2px 0 8px 0'><b style='color:{colour}'>[{tag}]</b> "
                f"<b>{_escape(finding.title)}</b> "
                f"<span style='color:{self.theme.muted}'>· {_escape(scope)} · {_escape(finding.rule)}"
                f"</span><br><span style='color:{self.theme.muted}'>Evidence:</span> "
                f"{_escape(finding.evidence)}<br><span style='color:{self.theme.muted}'>Try:</span> "
                f"{_escape(finding.advice)}</p>")

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.show_findings(self.findings)


def _escape(value: Any) -> str:
    return str(value or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
