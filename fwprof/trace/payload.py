"""A trace file packed into a ``trace`` event: gzip, base64, and a size cap.

Over the cap a Chrome trace is cut to its first events (with a note saying how many were
kept); anything else over the cap is dropped, and the note says so. The snapshot then holds
at most ``cap`` compressed bytes per file.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
from typing import Any

#: The most compressed bytes a run's trace file may take inside a snapshot.
DEFAULT_CAP_BYTES = 5 * 2**20
#: Event kind a child sends with its trace.
TRACE_EVENT = "trace"
ENCODING = "gzip+base64"
CHROME_FORMAT = "chrome-trace-json"
XPLANE_FORMAT = "xplane-pb"


def pack_file(raw: bytes, name: str, file_format: str, cap: int = DEFAULT_CAP_BYTES) -> dict[str, Any]:
    """The event entry for one trace file: compressed data (or None with a note), sizes."""
    packed = gzip.compress(raw, 6)
    entry: dict[str, Any] = {"name": name, "format": file_format, "encoding": ENCODING,
                             "raw_bytes": len(raw), "note": ""}
    if len(packed) > cap and file_format == CHROME_FORMAT:
        packed, entry["note"] = _truncated_chrome(raw, cap)
    if len(packed) > cap:
        entry.update(data=None, stored_bytes=0,
                     note=f"dropped: {len(packed)} compressed bytes exceed the cap of {cap}")
        return entry
    entry.update(data=base64.b64encode(packed).decode("ascii"), stored_bytes=len(packed))
    return entry


def unpack_file(entry: dict[str, Any]) -> bytes | None:
    """The file's bytes, or None where it was dropped or is damaged."""
    data = entry.get("data")
    if not isinstance(data, str) or entry.get("encoding") != ENCODING:
        return None
    try:
        return gzip.decompress(base64.b64decode(data, validate=True))
    except (binascii.Error, OSError, EOFError, ValueError):
        return None


def _truncated_chrome(raw: bytes, cap: int) -> tuple[bytes, str]:
    """The largest prefix of the trace's events (halving) whose compressed JSON fits the cap."""
    try:
        document = json.loads(raw)
    except ValueError:
        return gzip.compress(raw, 6), ""
    events = document.get("traceEvents") if isinstance(document, dict) else document
    if not isinstance(events, list):
        return gzip.compress(raw, 6), ""
    keep = len(events)
    packed = gzip.compress(raw, 6)
    while keep > 0 and len(packed) > cap:
        keep //= 2
        cut: Any = dict(document, traceEvents=events[:keep]) if isinstance(document, dict) else events[:keep]
        packed = gzip.compress(json.dumps(cut).encode(), 6)
    return packed, f"truncated to the first {keep} of {len(events)} events to fit the cap of {cap} bytes"
