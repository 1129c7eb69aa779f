"""Builds the summary document: each scenario's section, then the session notes.

Everything the CLI table, ``--json`` and the views show is computed here from the raw step
times, so a snapshot reproduces exactly the figures printed when it was recorded.
"""

from __future__ import annotations

from dataclasses import replace

from fwprof.advice.base import AdviceContext
from fwprof.advice.registry import recommend
from fwprof.effort.startup import startup_rows
from fwprof.outputs.document import SUMMARY_SCHEMA, SummaryDocument
from fwprof.report.run_resources import run_resources
from fwprof.results import SessionRecord
from fwprof.scenarios import registry
from fwprof.scenarios.registry import CONVERGE, DEFAULT, runs_of
from fwprof.trace.operators import operators_summary

__all__ = ["SUMMARY_SCHEMA", "SummaryDocument", "build_summary"]


def build_summary(record: SessionRecord) -> SummaryDocument:
    """The whole summary document of a session."""
    sections = {scenario.name: scenario.summarize(record, runs_of(record, scenario))
                for scenario in registry.SCENARIOS}
    matrix, converge = runs_of(record, DEFAULT), runs_of(record, CONVERGE)
    document = SummaryDocument(record.created, record.status, record.environment, sections,
                               operators_summary(matrix), startup_rows(matrix + converge),
                               run_resources(record.runs))
    context = AdviceContext(document.comparison, matrix, converge, document.startup,
                            document.converge.entries, record.environment)
    return replace(document, recommendations=tuple(recommend(context)))
