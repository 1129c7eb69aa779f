"""The comparison's settings line under the HTML report's title."""

from __future__ import annotations

from fwprof.catalog import DEPLOY_TASK
from fwprof.config import SessionConfig
from fwprof.results import SessionRecord


def matrix_settings_line(record: SessionRecord) -> str | None:
    """What every run of the built-in session was asked to do: steps, warm-up, ABBA pairs,
    margin, batch, threads, precision (and the deployment queries when deploy ran with it);
    None for a record of another kind of session (script profiles)."""
    cfg = record.config
    if not isinstance(cfg, SessionConfig):
        return None
    batch = cfg.batch_size or "each workload's default"
    threads = cfg.threads or "default"
    pairs = f"{cfg.repeats} ABBA pair{'s' if cfg.repeats != 1 else ''} of fresh processes"
    if cfg.max_repeats > cfg.repeats:
        pairs += f", up to {cfg.max_repeats} while undecided"
    return (f"at least {cfg.steps} measured steps and {cfg.min_time_s:g} s after {cfg.warmup} "
            f"warm-up · {pairs} per configuration · margin ±{cfg.margin:.0%} · batch size {batch} · "
            f"threads {threads} · "
            f"{cfg.precision} · samples at {cfg.sample_rate_hz:g} Hz"
            + (f" · deploy: {cfg.deploy_queries} queries at batch 1" if DEPLOY_TASK in cfg.tasks else ""))
