"""The ``fwprof.summary/1`` document: each scenario's section, then the session notes.

Everything the CLI table, ``--json`` and the views show is computed here from the raw step
times, so a snapshot reproduces exactly the figures printed when it was recorded.
"""

from __future__ import annotations

from typing import Any

from fwprof.advice.base import AdviceContext
from fwprof.advice.registry import recommend
from fwprof.effort.startup import startup_rows
from fwprof.report.run_resources import run_resources
from fwprof.results import SessionRecord
from fwprof.scenarios.registry import CONVERGE, DEFAULT, SCENARIOS, runs_of
from fwprof.trace.operators import operators_summary

SUMMARY_SCHEMA = "fwprof.summary/1"


def build_summary(record: SessionRecord) -> dict[str, Any]:
    """The whole summary document of a session."""
    summary: dict[str, Any] = {
        "schema": SUMMARY_SCHEMA, "created": record.created, "status": record.status,
        "environment": record.environment,
    }
    for scenario in SCENARIOS:
        summary.update(scenario.summarize(record, runs_of(record, scenario)))
    matrix, converge = runs_of(record, DEFAULT), runs_of(record, CONVERGE)
    summary["operators"] = operators_summary(matrix)
    summary["startup"] = startup_rows(matrix + converge)
    summary["run_resources"] = run_resources(record.runs)
    context = AdviceContext(summary, matrix, converge)
    summary["recommendations"] = [f.to_dict() for f in recommend(context)]
    return summary
