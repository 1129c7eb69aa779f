"""The results page: the verdict cards first, then (scrolled) the side-by-side verdict table,
per-framework details, recommendations and bar charts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from fwprof.catalog import FRAMEWORKS
from fwprof.report.sections import ComparisonSection, GroupRow
from fwprof.report.verdict_lines import noise_floor_text
from fwprof.scenarios.profile.section import ProfileSection
from ui.base.theme import Theme, current_theme
from ui.views.results.recommendations_view import RecommendationsView
from ui.views.results.results_rows import ComparisonRow, comparison_rows, failed_runs
from ui.views.results.results_table import (
    COMPARISON_HEADERS,
    DETAIL_HEADERS,
    comparison_items,
    detail_items,
)
from ui.views.results.scripts_table import ScriptsTable
from ui.views.results.verdict_strip import VerdictStrip
from ui.views.times import local_time
from ui.widgets.sortable_table import SortableTable

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument
    from fwprof.results import SessionRecord
    from ui.views.results.script_charts import ScriptCharts

#: The bar charts keep this height however small the window: the page scrolls instead.
CHARTS_MIN_HEIGHT = 380


class ResultsView(QWidget):
    """Shows a summary document; the bar charts are built by ``charts_factory`` (lazily)."""

    #: Every summary shown (other views, e.g. the Convergence tab, follow it).
    summary_shown = Signal(object)

    def __init__(self, theme: Theme | None = None,
                 charts_factory: Callable[[Theme], QWidget] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme or current_theme()
        self.summary: SummaryDocument | None = None
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)  # a long file name or a large font must not widen the window
        self.failures = QLabel(self)
        self.failures.setWordWrap(True)
        self.failures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.failures.hide()
        self.comparisons = SortableTable(COMPARISON_HEADERS, self)
        self.verdict_notes = QLabel(self)  # per verdict: pairs, noise, what each mode covers
        self.verdict_notes.setWordWrap(True)
        self.verdict_notes.setTextFormat(Qt.TextFormat.RichText)
        self.verdict_notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = SortableTable(DETAIL_HEADERS, self)
        self.scripts = ScriptsTable(self.theme, self)  # script sessions (Profile Script…)
        self.script_charts = _script_charts(self.theme)  # their steps/s, phases, CPU, memory
        self.charts = charts_factory(self.theme) if charts_factory else _default_charts(self.theme)
        self.recommendations_heading = _heading("Recommendations", self)
        self.recommendations = RecommendationsView(self.theme, self)
        self.recommendations.setMaximumHeight(190)
        self.source = ""
        self.verdict_strip = VerdictStrip(self.theme, self)
        self.verdicts_heading = _heading("Verdicts: TensorFlow / PyTorch throughput, 95% CI over "
                                         "pairs of fresh processes", self)
        self.details_heading = _heading("Per framework", self)
        self._lay_out()
        self.show_summary(None)

    def _lay_out(self) -> None:
        """The title, then one scrolled column: the verdict cards first (in view whenever the
        page is opened), the tables, and the charts never shorter than
        :data:`CHARTS_MIN_HEIGHT`. Nothing is squeezed below its height: the page scrolls."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        lower = QWidget(self)
        column = QVBoxLayout(lower)
        column.setContentsMargins(0, 0, 4, 0)
        column.setSpacing(4)
        for widget in (self.failures, self.verdict_strip, self.scripts, self.script_charts,
                       self.verdicts_heading,
                       self.comparisons, self.verdict_notes, self.details_heading, self.details,
                       self.recommendations_heading, self.recommendations):
            column.addWidget(widget)
        self.charts.setMinimumHeight(CHARTS_MIN_HEIGHT)
        self.script_charts.setMinimumHeight(CHARTS_MIN_HEIGHT)
        column.setStretchFactor(self.script_charts, 1)  # the room the hidden bar charts leave
        column.addWidget(self.charts, 1)
        self.page = QScrollArea(self)
        self.page.setWidget(lower)
        self.page.setWidgetResizable(True)
        self.page.setFrameShape(QFrame.Shape.NoFrame)
        self.page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # it wraps
        layout.addWidget(self.page, 1)

    def show_summary(self, summary: SummaryDocument | None, source: str = "") -> None:
        """Fill every table and chart from a summary document (None: nothing to show yet)."""
        self.summary, self.source = summary, source
        theme = self.theme
        section = ComparisonSection() if summary is None else summary.comparison
        profile = ProfileSection() if summary is None else summary.profile
        scripts = profile.scripts
        rows = comparison_rows(section)
        self.verdict_strip.show_section(section)
        self.comparisons.set_rows([comparison_items(r, theme) for r in rows])
        self.verdict_notes.setText(verdict_notes_html(rows, section, theme))
        groups = sorted(section.groups, key=_group_order)
        self.details.set_rows([detail_items(g, theme) for g in groups])
        self.scripts.show_scripts(scripts, profile.comparisons)
        # A script-only session has no built-in runs: no verdicts, no per-framework rows.
        builtin = not scripts or bool(section.runs)
        for widget in (self.verdicts_heading, self.comparisons, self.verdict_notes,
                       self.details_heading, self.details, self.charts):
            widget.setVisible(builtin)
        self.script_charts.setVisible(not builtin)
        self.script_charts.show_scripts(scripts)
        if hasattr(self.charts, "show_section"):
            self.charts.show_section(None if summary is None else section)
        self._show_title(summary, source)
        self._show_failures(failed_runs(section), failed_runs(section, stopped=True))
        findings = () if summary is None else summary.recommendations
        self.recommendations.show_findings(findings)
        self.recommendations_heading.setText(f"<b>Recommendations ({len(findings)})</b>")
        self.summary_shown.emit(summary)

    def show_record(self, record: SessionRecord | None) -> None:
        """The session's record (for what the summary leaves out: a script's sampled CPU and
        memory over time); None when no session is shown."""
        self.script_charts.show_record(record)

    def set_source(self, source: str) -> None:
        """Where the shown session lives now (after saving: its file, not "not saved yet")."""
        self.source = source
        self._show_title(self.summary, source)

    def _show_title(self, summary: SummaryDocument | None, source: str) -> None:
        if summary is None:
            self.title.setText(f"<span style='color:{self.theme.muted}'>No results yet: run a "
                               "comparison or open a snapshot.</span>")
            return
        section = summary.comparison
        statuses = [r.status for r in section.runs] + [
            s.status for s in summary.profile.scripts]
        ok = statuses.count("ok")
        where = f" · {source}" if source else ""
        created = local_time(summary.created or "")
        paced = section.measure_sample_rates()
        note = (f"<br><span style='color:{self.theme.muted}'>Runs that used every core were "
                f"sampled at {'/'.join(f'{rate:g}' for rate in paced)} Hz while measured, so that "
                "sampling would not slow them.</span>") if paced else ""
        self.title.setText(f"<b>Session {summary.status or ''}</b> · {ok} of {len(statuses)} "
                           f"runs ok · recorded {created}{where}{note}")

    def _show_failures(self, failed: list[str], stopped: list[str]) -> None:
        """Failed runs in the error colour; stopped ones apart, in the caution colour (a stop is
        the user's choice, not a failure)."""
        blocks = [(failed, self.theme.bad, "Runs that did not complete"),
                  (stopped, self.theme.warn, "Stopped before the end")]
        parts = [f"<span style='color:{colour}'><b>{title}:</b><br>{_lines_html(lines)}</span>"
                 for lines, colour, title in blocks if lines]
        self.failures.setText("<br>".join(parts))
        self.failures.setVisible(bool(parts))

    def apply_theme(self, theme: Theme) -> None:
        """Recolour (highlights depend on the theme, so the tables are rebuilt)."""
        self.theme = theme
        if hasattr(self.charts, "apply_theme"):
            self.charts.apply_theme(theme)
        self.recommendations.apply_theme(theme)
        self.verdict_strip.apply_theme(theme)
        self.script_charts.apply_theme(theme)
        self.show_summary(self.summary, self.source)


def verdict_notes_html(rows: list[ComparisonRow], section: ComparisonSection, theme: Theme) -> str:
    """Under the verdicts: each one's pairs, spread and notes, then this machine's noise floor."""
    lines = []
    for row in rows:
        name = " ".join(row.key[:3])
        text = " · ".join(part for part in (row.detail, *row.notes) if part)
        if text:
            lines.append(f"<b>{_escape(name)}</b>: {_escape(text)}")
    floor = noise_floor_text(section.noise_floor)
    if floor:
        lines.append(_escape(floor))
    return f"<span style='color:{theme.muted}'>{'<br>'.join(lines)}</span>" if lines else ""


def _group_order(group: GroupRow) -> tuple[Any, ...]:
    """Configurations in the summary's order, PyTorch before TensorFlow within each."""
    rank = FRAMEWORKS.index(group.framework) if group.framework in FRAMEWORKS else 99
    return (*group.config, rank)


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(f"<b>{text}</b>", parent)
    label.setContentsMargins(0, 6, 0, 0)
    label.setWordWrap(True)
    return label


def _script_charts(theme: Theme) -> ScriptCharts:
    from ui.views.results.script_charts import ScriptCharts  # pyqtgraph: built after first paint

    return ScriptCharts(theme)


def _default_charts(theme: Theme) -> QWidget:
    from ui.views.results.bar_charts import BarCharts

    return BarCharts(theme)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _lines_html(lines: list[str]) -> str:
    shown = lines[:6] + ([f"… and {len(lines) - 6} more"] if len(lines) > 6 else [])
    return "<br>".join(_escape(line) for line in shown)
