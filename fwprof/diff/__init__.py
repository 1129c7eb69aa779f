"""A/B comparison of two saved sessions: matched runs, per-metric deltas with CIs, regressions."""

from fwprof.diff.deltas import (
    DEFAULT_THRESHOLD_PERCENT,
    Comparison,
    Match,
    MetricDelta,
    compare_sessions,
)

__all__ = ["DEFAULT_THRESHOLD_PERCENT", "Comparison", "Match", "MetricDelta", "compare_sessions"]
