"""The convergence study's settings line under the HTML report's title."""

from __future__ import annotations

from fwprof.config import SessionConfig
from fwprof.results import SessionRecord


def converge_settings_line(record: SessionRecord) -> str | None:
    """Seeds, steps, batch, threads, precision; None without a convergence study's settings
    (the session's ``environment["converge"]``)."""
    cfg, converge = record.config, record.environment.get("converge")
    if not isinstance(cfg, SessionConfig) or not isinstance(converge, dict):
        return None
    return (f"{len(converge.get('seeds') or [])} seeds, one fresh process each per framework · "
            f"{converge.get('steps')} training steps · batch size {cfg.batch_size} · threads "
            f"{cfg.threads or 'all cores'} · {cfg.precision} · samples at {cfg.sample_rate_hz:g} Hz")
