"""The scaling table's cells as plain text, for the text report, the HTML and Markdown views
(which escape them) and the app's Scaling tab.

One row per (framework, workload, mode, device, nodes) and world size, and one per rank of
each, from the summary's ``scaling`` entries
(:func:`fwprof.scenarios.distributed.scaling.scaling_summary`).
"""

from __future__ import annotations

from typing import Any

from fwprof.render.fmt import DASH, framework_label, is_number, mebibytes, sig, throughput_ci

HEADERS = ("workload", "framework", "mode", "device", "workers", "runs", "samples/s [95% CI]", "speedup",
           "efficiency", "step ms", "compute ms", "comm ms", "imbalance %", "CPU %")
#: Columns from here on are numbers.
FIRST_NUMBER = 4
RANK_HEADERS = ("workload", "framework", "workers", "node", "rank", "step ms", "compute ms",
                "comm ms", "CPU %", "peak RSS")
#: Columns of :data:`RANK_HEADERS` from here on are numbers.
RANK_FIRST_NUMBER = 2
NOISY = " (noisy)"


def scaling_rows(entries: list[dict[str, Any]], noisy_mark: str = NOISY) -> list[list[str]]:
    """A row of :data:`HEADERS` per entry and world size."""
    return [scaling_cells(entry, point, noisy_mark) for entry in entries
            for point in entry.get("points") or []]


def scaling_cells(entry: dict[str, Any], point: dict[str, Any], noisy_mark: str = NOISY) -> list[str]:
    """One point's cells: throughput with its CI (``noisy_mark`` when a launch's steps vary),
    speedup and efficiency against the baseline, step, compute-only and communication times."""
    tput = point.get("throughput")
    noisy = noisy_mark if point.get("noisy") else ""
    return [
        str(entry.get("workload")), framework_label(str(entry.get("framework"))), str(entry.get("mode")),
        str(entry.get("device")), workers_text(entry, point), f"{point.get('runs_ok')}/{point.get('runs')}",
        throughput_ci(tput) + noisy if tput else "failed",
        f"{point['speedup']:.2f}x" if is_number(point.get("speedup")) else DASH,
        f"{point['efficiency'] * 100:.0f}%" if is_number(point.get("efficiency")) else DASH,
        sig(point.get("step_ms_p50")), sig(point.get("compute_ms_p50")),
        comm_text(point.get("comm_ms"), point.get("step_ms_p50")),
        whole(point.get("imbalance_pct")), whole(point.get("cpu_percent_mean")),
    ]


def rank_rows(entries: list[dict[str, Any]]) -> list[list[str]]:
    """A row of :data:`RANK_HEADERS` per entry, world size and rank."""
    return [rank_cells(entry, point, rank) for entry in entries for point in entry.get("points") or []
            for rank in point.get("ranks") or []]


def rank_cells(entry: dict[str, Any], point: dict[str, Any], rank: dict[str, Any]) -> list[str]:
    """One rank's cells: its node and rank, its median step, compute-only step and their
    difference (communication), its mean CPU % and peak RSS over the launches."""
    return [
        str(entry.get("workload")), framework_label(str(entry.get("framework"))), workers_text(entry, point),
        str(rank.get("node_rank", DASH)), str(rank.get("rank", DASH)),
        sig(rank.get("step_ms_p50")), sig(rank.get("compute_ms_p50")), sig(rank.get("comm_ms")),
        whole(rank.get("cpu_percent_mean")), mebibytes(rank.get("rss_bytes_peak")),
    ]


def failed_launches(entries: list[dict[str, Any]]) -> list[str]:
    """``torch mlp x2 #1 [node]: status: error`` for each launch that did not complete."""
    lines = []
    for entry in entries:
        for run in entry.get("runs") or []:
            if run.get("status") == "ok":
                continue
            node = f" [{run['node']}]" if run.get("node") else ""
            label = (f"{run.get('framework')} {run.get('workload')} x{run.get('world_size')} "
                     f"#{int(run.get('repeat') or 0) + 1}{node}")
            lines.append(f"{label}: {run.get('status')}: {run.get('error')}")
    return lines


def workers_text(entry: dict[str, Any], point: dict[str, Any]) -> str:
    """The world size, with the node count when the group spans several nodes."""
    nodes = entry.get("nodes", 1)
    return str(point.get("world_size")) if nodes == 1 else f"{point.get('world_size')} ({nodes} nodes)"


def comm_text(comm: Any, step: Any) -> str:
    """Communication ms with its share of the step (``1.56 (13%)``); a dash when not measured."""
    if not is_number(comm):
        return DASH
    share = f" ({comm / step * 100:.0f}%)" if is_number(step) and step else ""
    return f"{sig(comm)}{share}"


def whole(value: Any) -> str:
    """A percentage as a whole number; a dash when missing."""
    return f"{value:.0f}" if is_number(value) else DASH
