"""The scaling table's cells as plain text, for the text report, the HTML and Markdown views
(which escape them) and the app's Scaling tab.

One row per (framework, workload, mode, device, nodes) and world size, and one per rank of
each, from the typed ``scaling`` entries of the summary
(:class:`fwprof.scenarios.distributed.section.ScalingEntry`, built by
:func:`fwprof.scenarios.distributed.scaling.scaling_summary`).
"""

from __future__ import annotations

from collections.abc import Sequence

from fwprof.render.fmt import DASH, framework_label, is_number, mebibytes, sig, value_ci
from fwprof.scenarios.distributed.section import RankFigures, ScalingEntry, ScalingPoint

HEADERS = ("workload", "framework", "mode", "device", "workers", "runs", "samples/s [95% CI]", "speedup",
           "efficiency", "step ms", "compute ms", "comm ms", "imbalance %", "CPU %")
#: Columns from here on are numbers.
FIRST_NUMBER = 4
RANK_HEADERS = ("workload", "framework", "workers", "node", "rank", "step ms", "compute ms",
                "comm ms", "CPU %", "peak RSS")
#: Columns of :data:`RANK_HEADERS` from here on are numbers.
RANK_FIRST_NUMBER = 2
NOISY = " (noisy)"


def scaling_rows(entries: Sequence[ScalingEntry], noisy_mark: str = NOISY) -> list[list[str]]:
    """A row of :data:`HEADERS` per entry and world size."""
    return [scaling_cells(entry, point, noisy_mark) for entry in entries for point in entry.points]


def scaling_cells(entry: ScalingEntry, point: ScalingPoint, noisy_mark: str = NOISY) -> list[str]:
    """One point's cells: throughput with its CI (``noisy_mark`` when a launch's steps vary),
    speedup and efficiency against the baseline, step, compute-only and communication times."""
    tput = point.throughput
    noisy = noisy_mark if point.noisy else ""
    return [
        entry.workload, framework_label(entry.framework), entry.mode, entry.device,
        workers_text(entry, point), f"{point.runs_ok}/{point.runs}",
        value_ci(tput.median, tput.ci95) + noisy if tput else "failed",
        times(point.speedup), percent(point.efficiency),
        sig(point.step_ms_p50), sig(point.compute_ms_p50), comm_text(point.comm_ms, point.step_ms_p50),
        whole(point.imbalance_pct), whole(point.cpu_percent_mean),
    ]


def rank_rows(entries: Sequence[ScalingEntry]) -> list[list[str]]:
    """A row of :data:`RANK_HEADERS` per entry, world size and rank."""
    return [rank_cells(entry, point, rank) for entry in entries for point in entry.points
            for rank in point.ranks]


def rank_cells(entry: ScalingEntry, point: ScalingPoint, rank: RankFigures) -> list[str]:
    """One rank's cells: its node and rank, its median step, compute-only step and their
    difference (communication), its mean CPU % and peak RSS over the launches."""
    return [
        entry.workload, framework_label(entry.framework), workers_text(entry, point),
        str(rank.node_rank), str(rank.rank), sig(rank.step_ms_p50), sig(rank.compute_ms_p50),
        sig(rank.comm_ms), whole(rank.cpu_percent_mean), mebibytes(rank.rss_bytes_peak),
    ]


def failed_launches(entries: Sequence[ScalingEntry]) -> list[str]:
    """``torch mlp x2 #1 [node]: status: error`` for each launch that did not complete."""
    return [f"{run.label}: {run.status}: {run.error}" for entry in entries for run in entry.runs
            if run.status != "ok"]


def workers_text(entry: ScalingEntry, point: ScalingPoint) -> str:
    """The world size, with the node count when the group spans several nodes."""
    return str(point.world_size) if entry.nodes == 1 else f"{point.world_size} ({entry.nodes} nodes)"


def comm_text(comm: float | None, step: float | None) -> str:
    """Communication ms with its share of the step (``1.56 (13%)``); a dash when not measured."""
    if comm is None or not is_number(comm):
        return DASH
    share = f" ({comm / step * 100:.0f}%)" if step is not None and is_number(step) and step else ""
    return f"{sig(comm)}{share}"


def times(value: float | None) -> str:
    """A speedup as ``1.86x``; a dash when missing."""
    return f"{value:.2f}x" if value is not None and is_number(value) else DASH


def percent(value: float | None) -> str:
    """A fraction as a whole percentage (``0.93`` -> ``93%``); a dash when missing."""
    return f"{value * 100:.0f}%" if value is not None and is_number(value) else DASH


def whole(value: float | None) -> str:
    """A percentage as a whole number; a dash when missing."""
    return f"{value:.0f}" if is_number(value) else DASH
