"""The side-by-side comparison table and the per-framework detail table."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem

from fwprof.catalog import FRAMEWORK_LABELS, FRAMEWORKS
from fwprof.numbers import sig
from fwprof.report.sections import GroupRow
from fwprof.report.workload_fields import parameters_text
from ui.base.theme import Theme
from ui.views.results.results_rows import ComparisonRow, Throughput
from ui.widgets.sortable_table import cell

COMPARISON_HEADERS = ("Workload", "Task", "Mode", "Device",
                      *(f"{FRAMEWORK_LABELS[f]} samples/s [95% CI]" for f in FRAMEWORKS),
                      "TF / PyTorch [95% CI]", "Verdict")
DETAIL_HEADERS = ("Framework", "Workload", "Task", "Mode", "Device", "Precision", "Params",
                  "Runs ok", "samples/s [95% CI]", "Wall-clock/s", "p50 ms", "p99 ms", "1st step s",
                  "Peak RSS", "Noisy")


def comparison_items(row: ComparisonRow, theme: Theme) -> list[QStandardItem]:
    """The cells of one comparison row, the winner highlighted in its colour."""
    items = [cell(text) for text in row.key]
    for framework in FRAMEWORKS:
        items.append(_throughput_cell(row, framework, theme))
    ratio = "-" if row.ratio is None or row.ci95 is None else (
        f"{row.ratio:.2f} [{row.ci95[0]:.2f}-{row.ci95[1]:.2f}]")
    items.append(cell(ratio, row.ratio if row.ratio is not None else -1.0, align_right=True))
    items.append(_verdict_cell(row, theme))
    return items


def _throughput_cell(row: ComparisonRow, framework: str, theme: Theme) -> QStandardItem:
    tput = row.throughput.get(framework)
    if tput is None:
        status = (row.statuses or {}).get(framework, "failed" if framework in row.errors else "-")
        item = cell(status, -1.0, align_right=True)
        item.setForeground(QBrush(QColor(theme.bad if status == "failed" else theme.muted)))
        item.setToolTip(row.errors.get(framework, "not run"))
        return item
    item = cell(throughput_text(tput), tput.median, align_right=True)
    if row.winner == framework:
        item.setBackground(QBrush(theme.tinted(framework, 70)))
        item.setFont(_bold())
        item.setToolTip(f"{FRAMEWORK_LABELS[framework]} is faster here (the interval lies beyond "
                        "the margin and the noise floor)")
    return item


def _verdict_cell(row: ComparisonRow, theme: Theme) -> QStandardItem:
    item = cell(row.headline or row.verdict)
    item.setToolTip("\n".join(part for part in (row.verdict, row.detail, *row.notes) if part))
    if row.winner is not None:
        item.setForeground(QBrush(theme.framework_colour(row.winner)))
        item.setFont(_bold())
    else:
        item.setForeground(QBrush(QColor(theme.muted)))
    return item


def detail_items(group: GroupRow, theme: Theme) -> list[QStandardItem]:
    """The cells of one (framework, configuration) group."""
    framework = group.framework
    name = cell(FRAMEWORK_LABELS.get(framework, framework))
    name.setForeground(QBrush(theme.framework_colour(framework)))
    name.setFont(_bold())
    tput = Throughput.of(group.throughput)
    peak, params, wall = group.peak_rss_bytes, group.parameters, group.wall_throughput
    items = [name, *(cell(value) for value in group.config),
             cell(group.fields.precision or "-"),
             cell(parameters_text(params), params or -1, align_right=True),
             cell(f"{group.runs_ok}/{group.runs}", group.runs_ok, align_right=True),
             cell(throughput_text(tput) if tput else group.status or "failed",
                  tput.median if tput else -1.0, align_right=True),
             cell("-" if wall is None else sig(wall, cutoff=100), wall or -1.0, align_right=True),
             _number(group.step_ms_p50, 3), _number(group.step_ms_p99, 3),
             _number(group.first_step_s, 3),
             cell("-" if peak is None else f"{peak / 2**20:,.0f} MiB", peak or -1.0,
                  align_right=True),
             cell("noisy" if group.noisy else "", int(group.noisy))]
    if group.noisy:
        items[-1].setForeground(QBrush(QColor(theme.warn)))
        items[-1].setToolTip("IQR/median above 10 %: the steps varied a lot")
    return items


def throughput_text(tput: Throughput) -> str:
    """'1,234 [1,200-1,260]'; '1,234 [one process]' without an interval."""
    if tput.low == tput.high == tput.median:
        return f"{sig(tput.median, cutoff=100)} [one process]"
    return f"{sig(tput.median, cutoff=100)} [{sig(tput.low, cutoff=100)}-{sig(tput.high, cutoff=100)}]"


def _number(value: float | None, digits: int) -> QStandardItem:
    return cell("-" if value is None else f"{value:.{digits}g}",
                -1.0 if value is None else value, align_right=True)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font
