"""Exports of a recorded session that other tools open: one module per output format.

===================  ========================================================  ===============
name                 what                                                      module
===================  ========================================================  ===============
``chrome-trace``   Chrome Trace Event JSON for Perfetto / chrome://tracing      chrome_trace
``csv``            samples, summary and steps as three CSV files                csv_tables
``html``           a self-contained report (inline CSS and SVG charts)          html_report
``markdown``       the comparison table, ready to paste into an issue or PR    markdown_table
``json``           the ``fwprof.summary/1`` document (``fwprof run --json``)    json_summary
``framework-trace``  the frameworks' own profiler files (``--trace``), a folder   framework_trace
===================  ========================================================  ===============

A format is an :class:`ExportFormat` in :data:`FORMATS`; adding one is a module with a
``write_*(record, path) -> list[Path]`` function and one entry here.
"""

from __future__ import annotations

from pathlib import Path

from fwprof.export.base import ExportError, ExportFormat
from fwprof.export.chrome_trace import write_chrome_trace
from fwprof.export.csv_tables import write_csv
from fwprof.export.framework_trace import write_framework_traces
from fwprof.export.html_report import write_html
from fwprof.export.json_summary import write_json
from fwprof.export.markdown_table import write_markdown
from fwprof.results import SessionRecord

FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("chrome-trace", ".trace.json", "Chrome Trace Event JSON (Perfetto, chrome://tracing)",
                     write_chrome_trace),
        ExportFormat("csv", ".csv", "sampled series, summary and steps as CSV files", write_csv,
                     single_file=False),
        ExportFormat("html", ".html", "a self-contained HTML report", write_html),
        ExportFormat("markdown", ".md", "the comparison table as markdown", write_markdown),
        ExportFormat("json", ".json", "the summary JSON (schema fwprof.summary/1)", write_json),
        ExportFormat("framework-trace", "-traces", "the frameworks' profiler traces (run --trace), "
                     "in TensorBoard's layout, into a folder", write_framework_traces, single_file=False,
                     folder=True),
    )
}


def export(record: SessionRecord, format_name: str, path: str | Path) -> list[Path]:
    """Write ``record`` in the named format; returns every file written."""
    try:
        fmt = FORMATS[format_name]
    except KeyError:
        raise ExportError(f"unknown format {format_name!r}; choose from {', '.join(FORMATS)}") from None
    return fmt.write(record, Path(path))


__all__ = ["FORMATS", "ExportError", "ExportFormat", "export"]
