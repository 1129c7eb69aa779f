"""Reading TensorFlow's XPlane profile in the child: per-operator host time, Chrome conversion.

The operator table comes from TensorFlow's own ``xplane_pb2`` (no plugin needed); the Chrome
trace needs ``xprof`` (the TensorBoard profiler plugin), which is optional.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from fwprof.trace.categories import categorize

_EAGER = "EagerLocalExecute: "
# Graph executor events are named ``scope/name:Type``.
_GRAPH_OP = re.compile(r"^[\w./\-]+:([A-Z_][A-Za-z0-9_]*)$")
# Whole-function calls enclose the ops they run: counting them would count those ops twice.
_FUNCTION_CALL = re.compile(r"inference|__forward|__backward|PartitionedCall|^Function$")


def op_type(event_name: str) -> str | None:
    """The TensorFlow op type an XPlane event name stands for, or None for other events."""
    if event_name.startswith(_EAGER):
        name = event_name[len(_EAGER):].strip()
    elif match := _GRAPH_OP.match(event_name):
        name = match.group(1)
    else:
        return None
    return None if not name or _FUNCTION_CALL.search(name) else name


def aggregate(events: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """(event name, duration in ps) pairs -> operators by total time (ms), largest first."""
    totals: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    for name, duration_ps in events:
        kind = op_type(name)
        if kind is not None:
            totals[kind] += duration_ps / 1e9
            calls[kind] += 1
    return [{"name": name, "category": categorize(name), "calls": calls[name], "time_ms": total}
            for name, total in sorted(totals.items(), key=lambda item: -item[1])]


def xplane_operators(raw: bytes) -> tuple[list[dict[str, Any]], str]:
    """Operators of the host planes of an XSpace, and a note where none could be read."""
    try:
        from tensorflow.tsl.profiler.protobuf import xplane_pb2
    except ImportError as exc:
        return [], f"not available: TensorFlow's xplane_pb2 cannot be imported ({exc})"
    space = xplane_pb2.XSpace()
    space.ParseFromString(raw)
    events: list[tuple[str, int]] = []
    for plane in space.planes:
        if not plane.name.startswith("/host:"):
            continue
        for line in plane.lines:
            events.extend((plane.event_metadata[e.metadata_id].name, e.duration_ps) for e in line.events)
    operators = aggregate(events)
    return operators, "" if operators else "not available: the XPlane held no TensorFlow op events"


def convert_to_chrome(xplane: Path) -> tuple[bytes | None, str]:
    """The XPlane as Chrome trace JSON via xprof, or None and why not."""
    try:
        from xprof.convert import raw_to_tool_data  # type: ignore[import-not-found]
    except ImportError:
        return None, "the converter (pip install xprof) is not installed"
    try:
        data, _ = raw_to_tool_data.xspace_to_tool_data([str(xplane)], "trace_viewer", {})
    except Exception as exc:  # an optional converter of its own version: say why, keep the raw file
        return None, f"xprof could not convert it ({type(exc).__name__}: {exc})"
    if isinstance(data, str):
        return data.encode("utf-8"), ""
    if isinstance(data, bytes):
        return data, ""
    return None, f"xprof returned {type(data).__name__}, not JSON"
