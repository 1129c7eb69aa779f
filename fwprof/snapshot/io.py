"""Reading and writing ``.fwprof`` files: gzip-compressed JSON, atomic writes, bounded reads."""

from __future__ import annotations

import gzip
import json
import math
import os
import stat
import zlib
from pathlib import Path
from typing import IO, Any

import numpy as np

from fwprof.atomic import write_atomically
from fwprof.results import SessionRecord
from fwprof.snapshot.codec import SnapshotFormatError, document_to_record, record_to_document
from fwprof.snapshot.redact import Redactor

#: A snapshot that decompresses beyond this is refused (a zip bomb, or not ours).
MAX_UNCOMPRESSED_BYTES = 1 << 30
#: A file larger than this is refused before a byte of it is read.
MAX_COMPRESSED_BYTES = 512 << 20
MAX_JSON_DEPTH = 64


class SnapshotError(Exception):
    """A snapshot could not be read or written; the message is meant for the user."""


def write_snapshot(record: SessionRecord, path: str | Path, summary: dict[str, Any],
                   redactor: Redactor | None = None) -> Path:
    """Write the session and its ``summary`` (stored for other readers) to ``path`` atomically
    (temporary file in the same folder + rename); :func:`fwprof.outputs.snapshot.save_snapshot`
    builds the summary.

    Secrets are redacted (:mod:`fwprof.snapshot.redact`); pass ``redactor`` to choose how.
    """
    document = finite_json(record_to_document(record, summary, redactor))
    return write_atomically(Path(path), gzip.compress(encode_json(document), 6), SnapshotError, fsync=True)


def encode_json(document: Any) -> bytes:
    """Compact JSON (no NaN: run :func:`finite_json` first)."""
    return json.dumps(document, allow_nan=False, default=_json_default, separators=(",", ":")).encode()


def load_snapshot(path: str | Path) -> SessionRecord:
    """Read, check and rebuild a session; raise :class:`SnapshotError` naming the problem."""
    source = Path(path)
    try:
        raw = _read_bounded(source)
        document = json.loads(raw, parse_constant=_reject_constant)
        _check_depth(document)
        return document_to_record(document)
    except SnapshotFormatError as exc:
        raise SnapshotError(f"{source}: invalid snapshot: {exc}") from exc
    except (ValueError, RecursionError) as exc:
        raise SnapshotError(f"{source}: invalid snapshot: not valid JSON ({exc})") from exc
    except (TypeError, KeyError, AttributeError, IndexError) as exc:  # a check this file slipped past
        raise SnapshotError(f"{source}: invalid snapshot: {type(exc).__name__}: {exc}") from exc
    except OSError as exc:
        raise SnapshotError(f"{source}: cannot read: {exc.strerror or exc}") from exc


def _read_bounded(source: Path) -> bytes:
    """The decompressed bytes of a regular file, refusing anything too large before reading it."""
    fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block the open
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SnapshotFormatError("not a regular file")
        if info.st_size > MAX_COMPRESSED_BYTES:
            raise SnapshotFormatError(
                f"the file is {info.st_size >> 20} MiB; snapshots larger than "
                f"{MAX_COMPRESSED_BYTES >> 20} MiB are refused"
            )
        if handle.read(2) != b"\x1f\x8b":
            raise SnapshotFormatError("not a gzip-compressed fwprof snapshot")
        handle.seek(0)
        return _decompress_bounded(handle)


def _decompress_bounded(handle: IO[bytes]) -> bytes:
    """Chunks joined at the end: a refused file never holds more than the limit in memory
    (a growing buffer may be copied as it grows, briefly needing twice as much)."""
    chunks: list[bytes] = []
    total = 0
    try:
        with gzip.GzipFile(fileobj=handle, mode="rb") as stream:
            while chunk := stream.read(1 << 20):
                total += len(chunk)
                if total > MAX_UNCOMPRESSED_BYTES:
                    raise SnapshotFormatError(
                        f"decompresses to more than {MAX_UNCOMPRESSED_BYTES >> 20} MiB"
                    )
                chunks.append(chunk)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise SnapshotFormatError(f"compressed data is damaged or truncated ({exc})") from exc
    return b"".join(chunks)


def _reject_constant(name: str) -> float:
    raise SnapshotFormatError(f"contains {name}, which JSON does not allow")


def _check_depth(value: object, depth: int = 0) -> None:
    if depth > MAX_JSON_DEPTH:
        raise SnapshotFormatError(f"nested deeper than {MAX_JSON_DEPTH} levels")
    if isinstance(value, dict):
        for item in value.values():
            _check_depth(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                _check_depth(item, depth + 1)


def _json_default(value: object) -> object:
    """numpy scalars that slipped into a dict become plain numbers."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in a snapshot")


def finite_json(value: Any) -> Any:
    """A copy with NaN and infinities replaced by None (JSON has no such numbers)."""
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_json(item) for item in value]
    return value
