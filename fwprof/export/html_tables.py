"""The tables of the HTML report: summary, runs, script runs and environment.

Cells are built as HTML here, so every value from the session passes through ``esc``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from fwprof.export.fmt import DASH, config_name, framework_label, mebibytes, seconds, sig, throughput_ci
from fwprof.export.html_charts import framework_color
from fwprof.export.svg import esc
from fwprof.report.workload_fields import parameters_text

SUMMARY_HEADERS = ("configuration", "framework", "precision", "parameters", "runs", "samples/s [95% CI]",
                   "p50 ms", "p99 ms", "first step", "CPU %", "peak RSS")
HOST_FIELDS = {"cpu_model": "CPU", "cores_logical": "logical cores", "cores_physical": "physical cores",
               "cores_available": "cores available to fwprof", "cpu_governor": "CPU governor",
               "memory_total_bytes": "memory", "os": "operating system", "hostname": "host name",
               "python": "Python", "python_executable": "Python executable"}
RUN_HEADERS = ("run", "label", "precision", "status", "parameters", "steps", "samples/s", "p50 ms",
               "p99 ms", "first step", "peak RSS", "error")
SCRIPT_HEADERS = ("run", "command", "status", "steps", "steps/s", "p50 ms", "p99 ms", "first step",
                  "peak RSS", "error")


def summary_table(summary: dict[str, Any]) -> str:
    """Per configuration and framework: throughput with CI, step times, CPU and memory."""
    rows = []
    for group in summary.get("groups") or []:
        tput = group.get("throughput")
        noisy = ' <span class="badge warn" title="IQR above 10 % of the median">noisy</span>' \
            if group.get("noisy") else ""
        rows.append([
            esc(config_name(group)), framework_cell(str(group.get("framework"))),
            esc(group.get("precision") or DASH), esc(parameters_text(group.get("parameters"))),
            esc(f"{group.get('runs_ok')}/{group.get('runs')}"),
            (esc(throughput_ci(tput)) if tput else '<span class="bad">failed</span>') + noisy,
            esc(sig(group.get("step_ms_p50"))), esc(sig(group.get("step_ms_p99"))),
            esc(seconds(group.get("first_step_s"))), esc(sig(group.get("mean_cpu_percent"))),
            esc(mebibytes(group.get("peak_rss_bytes"))),
        ])
    table = _table(SUMMARY_HEADERS, rows, numeric_from=3)
    return f"<section><h2>Summary</h2>{table}</section>"


def runs_table(summary: dict[str, Any]) -> str:
    """Every built-in run with its status, figures and error."""
    rows = []
    for run in summary.get("runs") or []:
        steps, tput = run.get("step_ms") or {}, run.get("throughput") or {}
        status = str(run.get("status"))
        label = f"{run.get('framework')} {run.get('workload')} {run.get('task')} {run.get('mode')} " \
                f"#{int(run.get('repeat') or 0) + 1}"
        rows.append([
            esc(run.get("run_id")), esc(label), esc(run.get("precision") or DASH), _status(status),
            esc(parameters_text(run.get("model_parameters"))), esc(steps.get("count", DASH)),
            esc(sig(tput.get("median"))), esc(sig(steps.get("p50"))),
            esc(sig(steps.get("p99"))), esc(seconds((run.get("phases_s") or {}).get("first_step"))),
            esc(mebibytes((run.get("resources") or {}).get("rss_bytes_peak"))),
            f'<span class="error">{esc(run.get("error") or "")}</span>',
        ])
    table = _table(RUN_HEADERS, rows, numeric_from=4, numeric_to=11)
    return f"<section><h2>Runs</h2>{table}</section>"


def scripts_table(summary: dict[str, Any]) -> str:
    """Script runs (``fwprof profile``): command, steps per second, step times, errors."""
    rows = []
    for script in summary.get("scripts") or []:
        steps = script.get("step_ms") or {}
        command = " ".join(str(a) for a in script.get("argv") or []) or str(script.get("label", ""))
        rows.append([
            esc(script.get("run_id")), f"<code>{esc(command)}</code>", _status(str(script.get("status"))),
            esc(script.get("steps", DASH)), esc(sig(script.get("steps_per_s"))), esc(sig(steps.get("p50"))),
            esc(sig(steps.get("p99"))), esc(seconds(script.get("first_step_s"))),
            esc(mebibytes((script.get("resources") or {}).get("rss_bytes_peak"))),
            f'<span class="error">{esc(script.get("error") or "")}</span>',
        ])
    if not rows:
        return ""
    return f"<section><h2>Scripts</h2>{_table(SCRIPT_HEADERS, rows, numeric_from=3, numeric_to=9)}</section>"


def environment_section(env: dict[str, Any]) -> str:
    """Host, frameworks as the children reported them, relevant variables and GPUs."""
    host = [(label, mebibytes(env[key]) if key.endswith("_bytes") else env.get(key))
            for key, label in HOST_FIELDS.items() if key in env]
    parts = [f"<h3>Host</h3>{_kv_table(host)}"]
    frameworks = env.get("frameworks")
    if isinstance(frameworks, dict) and frameworks:
        parts.append(f"<h3>Frameworks (as each child reported)</h3>{_frameworks_table(frameworks)}")
    variables = env.get("env")
    if isinstance(variables, dict) and variables:
        parts.append(f"<h3>Environment variables</h3>{_kv_table(sorted(variables.items()))}")
    gpu = env.get("gpu")
    if isinstance(gpu, dict):
        devices = gpu.get("devices") or []
        rows = [(f"GPU {i}", d) for i, d in enumerate(devices)] or [("GPU", gpu.get("reason") or "none")]
        parts.append(f"<h3>GPU</h3>{_kv_table(rows)}")
    return f"<section><h2>Environment</h2>{''.join(parts)}</section>"


def _frameworks_table(frameworks: dict[str, Any]) -> str:
    headers = ("framework", "version", "threads", "inter-op", "precision", "TF32", "device", "build")
    rows = []
    for name, info in sorted(frameworks.items()):
        info = info if isinstance(info, dict) else {"version": info}
        rows.append([framework_cell(str(name))] + [esc(_plain(info.get(k))) for k in (
            "version", "threads", "interop_threads", "precision", "tf32", "device")]
            + [f'<span class="small">{esc(_plain(info.get("build")))}</span>'])
    return _table(headers, rows)


def _status(status: str) -> str:
    return f'<span class="badge {"ok" if status == "ok" else "bad"}">{esc(status)}</span>'


def framework_cell(framework: str) -> str:
    """A framework's colour swatch and name."""
    return (f'<span class="nowrap"><span class="swatch" style="background:{framework_color(framework)}">'
            f"</span>{esc(framework_label(framework))}</span>")


def _kv_table(items: Iterable[tuple[str, Any]]) -> str:
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(_plain(v))}</td></tr>" for k, v in items)
    return f'<table class="kv"><tbody>{rows}</tbody></table>'


def data_table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int = 99,
               numeric_to: int = 99) -> str:
    """A table whose cells are already-escaped HTML; columns in [from, to) align right."""
    return _table(headers, rows, numeric_from, numeric_to)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int = 99,
           numeric_to: int = 99) -> str:
    """A table whose cells are already-escaped HTML; columns in [from, to) align right."""
    def cls(i: int) -> str:
        return ' class="num"' if numeric_from <= i < numeric_to else ""

    head = "".join(f"<th{cls(i)}>{esc(h)}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
                   for row in rows)
    empty = f'<tr><td colspan="{len(headers)}" class="note">none</td></tr>' if not rows else ""
    return (f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}{empty}</tbody></table></div>")


def _plain(value: Any) -> str:
    """A value as short text: strings as they are, None as a dash, others as compact JSON."""
    if value is None:
        return DASH
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(_plain(v) for v in value)
    return json.dumps(value, default=str)
