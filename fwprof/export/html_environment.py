"""The environment section of the HTML report: host, frameworks, variables and GPUs."""

from __future__ import annotations

from typing import Any

from fwprof.render.fmt import mebibytes
from fwprof.render.svg import esc
from fwprof.render.tables import data_table, framework_cell, kv_table, plain

HOST_FIELDS = {"cpu_model": "CPU", "cores_logical": "logical cores", "cores_physical": "physical cores",
               "cores_available": "cores available to fwprof", "cpu_governor": "CPU governor",
               "memory_total_bytes": "memory", "os": "operating system", "hostname": "host name",
               "python": "Python", "python_executable": "Python executable"}


def environment_section(env: dict[str, Any]) -> str:
    """Host, frameworks as the children reported them, relevant variables and GPUs."""
    host = [(label, mebibytes(env[key]) if key.endswith("_bytes") else env.get(key))
            for key, label in HOST_FIELDS.items() if key in env]
    parts = [f"<h3>Host</h3>{kv_table(host)}"]
    frameworks = env.get("frameworks")
    if isinstance(frameworks, dict) and frameworks:
        parts.append(f"<h3>Frameworks (as each child reported)</h3>{_frameworks_table(frameworks)}")
    variables = env.get("env")
    if isinstance(variables, dict) and variables:
        parts.append(f"<h3>Environment variables</h3>{kv_table(sorted(variables.items()))}")
    gpu = env.get("gpu")
    if isinstance(gpu, dict):
        devices = gpu.get("devices") or []
        rows = [(f"GPU {i}", d) for i, d in enumerate(devices)] or [("GPU", gpu.get("reason") or "none")]
        parts.append(f"<h3>GPU</h3>{kv_table(rows)}")
    return f"<section><h2>Environment</h2>{''.join(parts)}</section>"


def _frameworks_table(frameworks: dict[str, Any]) -> str:
    headers = ("framework", "version", "threads", "inter-op", "precision", "TF32", "device", "build")
    rows = []
    for name, info in sorted(frameworks.items()):
        info = info if isinstance(info, dict) else {"version": info}
        rows.append([framework_cell(str(name))] + [esc(plain(info.get(k))) for k in (
            "version", "threads", "interop_threads", "precision", "tf32", "device")]
            + [f'<span class="small">{esc(plain(info.get("build")))}</span>'])
    return data_table(headers, rows)
