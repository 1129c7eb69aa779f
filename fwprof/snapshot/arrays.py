"""NumPy arrays inside JSON: little-endian binary, base64-encoded, with checked dtype and size.

An optional ``filter`` makes long arrays compress well under the file's gzip layer:

- ``shuffle``: the bytes are stored plane by plane (all first bytes, then all second bytes,
  ...), so the near-constant sign/exponent bytes of similar floats form long runs;
- ``delta-ns``: for increasing timestamps in seconds: whole nanoseconds (the resolution of the
  monotonic clock), stored as int64 differences from the previous value, then shuffled.
  Decoding restores each time to the nanosecond.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import numpy as np

ALLOWED_DTYPES = frozenset({"<f8", "<f4", "<i8", "<i4"})
FILTERS = frozenset({"shuffle", "delta-ns"})
MAX_ELEMENTS = 50_000_000


class ArrayFormatError(ValueError):
    """An encoded array is malformed."""


def encode_array(values: np.ndarray, dtype: str = "<f8", filter: str | None = None) -> dict[str, Any]:
    """The JSON object for an array; see the module docstring for ``filter``."""
    if filter == "delta-ns":
        nanoseconds = np.round(np.asarray(values, dtype=np.float64) * 1e9).astype("<i8")
        data = np.diff(nanoseconds, prepend=np.int64(0)).astype("<i8")
        dtype = "<i8"
    else:
        data = np.ascontiguousarray(values, dtype=np.dtype(dtype))
    raw = _shuffle(data) if filter else data.tobytes()
    encoded: dict[str, Any] = {"dtype": dtype, "n": int(data.size), "b64": base64.b64encode(raw).decode()}
    if filter:
        encoded["filter"] = filter
    return encoded


def decode_array(obj: Any, where: str) -> np.ndarray:
    """Decode and check one array (as float64); errors name ``where`` it was found."""
    if not isinstance(obj, dict) or not {"dtype", "n", "b64"} <= set(obj) <= {"dtype", "n", "b64", "filter"}:
        raise ArrayFormatError(f"{where}: not an encoded array")
    dtype, count, text, filter = obj["dtype"], obj["n"], obj["b64"], obj.get("filter")
    if not isinstance(dtype, str) or dtype not in ALLOWED_DTYPES:
        raise ArrayFormatError(f"{where}: dtype {dtype!r} is not allowed")
    if filter is not None and (not isinstance(filter, str) or filter not in FILTERS):
        raise ArrayFormatError(f"{where}: filter {filter!r} is not known")
    if filter == "delta-ns" and dtype != "<i8":
        raise ArrayFormatError(f"{where}: filter 'delta-ns' needs dtype '<i8'")
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_ELEMENTS:
        raise ArrayFormatError(f"{where}: element count {count!r} is invalid")
    raw = _base64(text, where)
    if len(raw) != count * np.dtype(dtype).itemsize:
        raise ArrayFormatError(f"{where}: {len(raw)} bytes do not hold {count} {dtype} values")
    values = _unshuffle(raw, np.dtype(dtype), count) if filter else np.frombuffer(raw, dtype=np.dtype(dtype))
    if filter == "delta-ns":
        return np.cumsum(values, dtype=np.int64) / 1e9
    return values.astype(float)


def _base64(text: Any, where: str) -> bytes:
    if not isinstance(text, str):
        raise ArrayFormatError(f"{where}: data is not text")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ArrayFormatError(f"{where}: data is not base64") from exc


def _shuffle(data: np.ndarray) -> bytes:
    return np.ascontiguousarray(data.view(np.uint8).reshape(-1, data.itemsize).T).tobytes()


def _unshuffle(raw: bytes, dtype: np.dtype[Any], count: int) -> np.ndarray:
    planes = np.frombuffer(raw, dtype=np.uint8).reshape(dtype.itemsize, count)
    return np.ascontiguousarray(planes.T).view(dtype).reshape(count)
