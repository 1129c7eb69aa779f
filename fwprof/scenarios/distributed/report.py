"""The scaling table that ``fwprof run --task distributed`` and ``fwprof show`` print."""

from __future__ import annotations

from typing import Any

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.numbers import sig

SCALING_HEADERS = (
    "workload", "framework", "mode", "device", "workers", "runs", "samples/s [95% CI]", "speedup",
    "efficiency", "step ms", "compute ms", "comm ms", "imbalance %", "CPU %",
)
RANK_HEADERS = ("workload", "framework", "workers", "node", "rank", "step ms", "compute ms",
                "comm ms", "CPU %", "peak RSS")
#: Columns from here on are right-aligned numbers.
SCALING_FIRST_NUMBER = 4
RANK_FIRST_NUMBER = 2


def render_scaling(entries: list[dict[str, Any]]) -> list[str]:
    """Lines of the scaling table, the per-rank table and failed launches (none: no lines)."""
    if not entries:
        return []
    rows = [scaling_row(entry, point) for entry in entries for point in entry["points"]]
    ranks = [rank_row(entry, point, rank) for entry in entries for point in entry["points"]
             for rank in point.get("ranks", [])]
    lines = ["Scaling (global batch split over the workers; a node's cores split evenly over its "
             "workers; efficiency = speedup / growth of cores or GPUs used):",
             align(SCALING_HEADERS, rows, SCALING_FIRST_NUMBER)]
    if any(point.get("noisy") for entry in entries for point in entry["points"]):
        lines.append("* noisy: a launch's step times vary (IQR/median > 10 %)")
    if ranks:
        lines += ["", "Per rank (comm = step - compute-only step):",
                  align(RANK_HEADERS, ranks, RANK_FIRST_NUMBER)]
    return lines + _failed_launches(entries)


def scaling_row(entry: dict[str, Any], point: dict[str, Any]) -> list[str]:
    tput = point.get("throughput")
    return [
        entry["workload"], FRAMEWORK_LABELS.get(entry["framework"], entry["framework"]),
        entry["mode"], entry["device"], _workers(entry, point),
        f"{point['runs_ok']}/{point['runs']}",
        (_throughput_text(tput) + ("*" if point.get("noisy") else "")) if tput else "failed",
        _ratio(point.get("speedup"), "x"), _percent(point.get("efficiency")),
        _ms(point.get("step_ms_p50")), _ms(point.get("compute_ms_p50")),
        _comm(point.get("comm_ms"), point.get("step_ms_p50")),
        _plain_percent(point.get("imbalance_pct")), _plain_percent(point.get("cpu_percent_mean")),
    ]


def rank_row(entry: dict[str, Any], point: dict[str, Any], rank: dict[str, Any]) -> list[str]:
    return [
        entry["workload"], FRAMEWORK_LABELS.get(entry["framework"], entry["framework"]),
        _workers(entry, point), str(rank.get("node_rank", "-")), str(rank.get("rank", "-")),
        _ms(rank.get("step_ms_p50")), _ms(rank.get("compute_ms_p50")), _ms(rank.get("comm_ms")),
        _plain_percent(rank.get("cpu_percent_mean")), _mib(rank.get("rss_bytes_peak")),
    ]


def align(headers: tuple[str, ...], rows: list[list[str]], first_number: int) -> str:
    """Plain aligned columns: text left, numbers right."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: list[str] | tuple[str, ...]) -> str:
        return "  ".join(c.rjust(w) if i >= first_number else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def _failed_launches(entries: list[dict[str, Any]]) -> list[str]:
    failed = [run for entry in entries for run in entry.get("runs", []) if run.get("status") != "ok"]
    if not failed:
        return []
    lines = ["", "Launches that did not complete:"]
    for run in failed:
        node = f" [{run['node']}]" if run.get("node") else ""
        label = f"{run['framework']} {run['workload']} x{run['world_size']} #{run['repeat'] + 1}{node}"
        lines.append(f"  {label}: {run['status']}: {run.get('error')}")
    return lines


def _workers(entry: dict[str, Any], point: dict[str, Any]) -> str:
    nodes = entry.get("nodes", 1)
    return str(point["world_size"]) if nodes == 1 else f"{point['world_size']} ({nodes} nodes)"


def _throughput_text(tput: dict[str, Any]) -> str:
    low, high = tput["ci95"]
    return f"{sig(tput['median'])} [{sig(low)}-{sig(high)}]"


def _ratio(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{value:.2f}{unit}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"


def _plain_percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}"


def _comm(comm: float | None, step: float | None) -> str:
    if comm is None:
        return "-"
    share = f" ({comm / step * 100:.0f}%)" if step else ""
    return f"{comm:.3g}{share}"


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value / 2**20:.0f} MiB"
