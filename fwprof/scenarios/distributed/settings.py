"""The scaling study's settings line under the HTML report's title."""

from __future__ import annotations

from typing import Any

from fwprof.config import SessionConfig
from fwprof.results import SessionRecord


def scaling_settings_line(record: SessionRecord) -> str | None:
    """Worker counts and nodes, the global batch, steps, launches, threads, the collective;
    None without a scaling study's settings (the session's ``environment["distributed"]``,
    :meth:`fwprof.scenarios.distributed.config.DistributedConfig.describe`)."""
    cfg, study = record.config, record.environment.get("distributed")
    if not isinstance(cfg, SessionConfig) or not isinstance(study, dict):
        return None
    workers = ", ".join(str(w) for w in study.get("workers") or []) or "?"
    nnodes = int(study.get("nnodes") or 1)
    per_node = " per node" if nnodes > 1 else ""
    nodes = f" on {nnodes} node{'s' if nnodes != 1 else ''}"
    batch = f"global batch {cfg.batch_size}" if cfg.batch_size else "each workload's global batch"
    threads = f"{cfg.threads} threads" if cfg.threads else "the cores"
    launches = f"{cfg.repeats} launch{'es' if cfg.repeats != 1 else ''} per worker count"
    return (f"{workers} workers{per_node}{nodes} · {batch} split evenly over the workers · "
            f"{cfg.steps} measured steps after {cfg.warmup} warm-up, {_probe(study)} compute-only · "
            f"{launches} · {threads} split over a node's workers · {cfg.precision} · "
            f"TensorFlow collective {study.get('collective') or 'auto'} · "
            f"samples at {cfg.sample_rate_hz:g} Hz")


def _probe(study: dict[str, Any]) -> str:
    steps = study.get("probe_steps")
    return str(steps) if isinstance(steps, int) else "?"
