"""NumPy arrays inside JSON: little-endian binary, base64-encoded, with checked dtype and size."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import numpy as np

ALLOWED_DTYPES = frozenset({"<f8", "<f4", "<i8", "<i4"})
MAX_ELEMENTS = 50_000_000


class ArrayFormatError(ValueError):
    """An encoded array is malformed."""


def encode_array(values: np.ndarray, dtype: str = "<f8") -> dict[str, Any]:
    data = np.ascontiguousarray(values, dtype=np.dtype(dtype))
    return {"dtype": dtype, "n": int(data.size), "b64": base64.b64encode(data.tobytes()).decode()}


def decode_array(obj: Any, where: str) -> np.ndarray:
    """Decode and check one array; errors name ``where`` it was found."""
    if not isinstance(obj, dict) or set(obj) != {"dtype", "n", "b64"}:
        raise ArrayFormatError(f"{where}: not an encoded array")
    dtype, count, text = obj["dtype"], obj["n"], obj["b64"]
    if dtype not in ALLOWED_DTYPES:
        raise ArrayFormatError(f"{where}: dtype {dtype!r} is not allowed")
    if not isinstance(count, int) or not 0 <= count <= MAX_ELEMENTS:
        raise ArrayFormatError(f"{where}: element count {count!r} is invalid")
    if not isinstance(text, str):
        raise ArrayFormatError(f"{where}: data is not text")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ArrayFormatError(f"{where}: data is not base64") from exc
    if len(raw) != count * np.dtype(dtype).itemsize:
        raise ArrayFormatError(f"{where}: {len(raw)} bytes do not hold {count} {dtype} values")
    return np.frombuffer(raw, dtype=np.dtype(dtype)).astype(float)
