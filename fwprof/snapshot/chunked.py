"""JSON in small pieces, so encoding a big document never holds the GIL for long.

``json.dumps`` of a large document is one C call: every other thread of the process (the
sampler, the event reader) waits for it. Here long lists are encoded a slice at a time and
mappings key by key, with Python code between the pieces where the interpreter can switch
threads. The output is the compact JSON ``json.dumps(value, separators=(",", ":"))`` gives,
with NaN and infinities written as null (JSON has no such numbers).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from fwprof.snapshot.io import finite_json

SLICE = 2048


def encode_chunked(value: Any) -> bytes:
    """The compact JSON of ``value`` as UTF-8."""
    return "".join(iter_json(value)).encode()


def iter_json(value: Any) -> Iterator[str]:
    """The compact JSON of ``value`` in pieces."""
    if isinstance(value, Mapping):
        yield "{"
        for index, (key, item) in enumerate(value.items()):
            yield f'{"," if index else ""}{json.dumps(str(key))}:'
            yield from iter_json(item)
        yield "}"
    elif isinstance(value, (list, tuple)) and len(value) > SLICE:
        yield "["
        for start in range(0, len(value), SLICE):
            yield ("," if start else "") + _dumps(value[start:start + SLICE])[1:-1]
        yield "]"
    else:
        yield _dumps(value)


def _dumps(value: Any) -> str:
    try:
        return json.dumps(value, allow_nan=False, separators=(",", ":"), default=_plain)
    except ValueError:  # a NaN or infinity somewhere inside
        return json.dumps(finite_json(value), allow_nan=False, separators=(",", ":"), default=_plain)


def _plain(value: object) -> object:
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return item()
    raise TypeError(f"cannot store {type(value).__name__} in a snapshot")
