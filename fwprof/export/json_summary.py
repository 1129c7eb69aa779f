"""JSON: the ``fwprof.summary/1`` document, as ``fwprof run --json`` prints it.

NaN and infinities become ``null`` so the file is strict JSON (RFC 8259).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fwprof.export.base import write_text
from fwprof.outputs.summary import SummaryDocument, build_summary
from fwprof.results import SessionRecord
from fwprof.snapshot.io import finite_json


def write_json(record: SessionRecord, path: Path) -> list[Path]:
    """Write the summary document to ``path``."""
    return [write_text(path, render_json(build_summary(record)))]


def render_json(summary: SummaryDocument) -> str:
    """The summary as indented strict JSON."""
    return json.dumps(finite_json(summary.to_json()), indent=2, allow_nan=False, default=_plain) + "\n"


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else str(value)
