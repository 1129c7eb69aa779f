"""Every export of a script session (``fwprof profile``), with hostile names and arguments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_records import check_html, check_trace_nesting, check_trace_schema, script_session

from fwprof.export import FORMATS, export
from fwprof.export.base import ExportError

EVIL = "<script>alert('x')</script>\"><b>"


@pytest.mark.parametrize("fmt", [name for name in FORMATS if name != "framework-trace"])
def test_script_sessions_export_in_every_format(tmp_path: Path, fmt: str) -> None:
    record = script_session(name=f"{EVIL}.py", args=("--tag", EVIL))
    written = export(record, fmt, tmp_path / f"out{FORMATS[fmt].suffix}")
    text = written[0].read_text(encoding="utf-8")
    if fmt == "html":
        check_html(text)
        assert "<script" not in text.lower() and "<b>" not in text
        assert "<h2>Scripts</h2>" in text and "Script profile" in text
    elif fmt == "chrome-trace":
        events = check_trace_schema(json.loads(text))
        check_trace_nesting(events)
        names = [e["args"]["name"] for e in events if e["name"] == "process_name"]
        assert names == [run.spec.label for run in record.runs]
    elif fmt == "markdown":
        assert "<script>" not in text and "\\<script\\>" in text
    elif fmt == "json":
        assert len(json.loads(text)["scripts"]) == 2
    else:
        assert text.count("\n") > 10


def test_framework_trace_of_a_script_session_says_there_is_none(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no run in this snapshot has a framework trace"):
        export(script_session(), "framework-trace", tmp_path / "traces")
