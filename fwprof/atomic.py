"""Writing a file atomically: a temporary file beside the target, then a rename over it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(target: Path, data: bytes, error: Callable[[str], Exception], *,
                     fsync: bool = False, mode: int | None = None) -> Path:
    """Write ``data`` to a temporary file beside ``target``, then rename it over ``target``.

    Readers see the old file or the new one, never a part. ``fsync`` flushes the data to disk
    before the rename; ``mode`` sets the file's permissions (else the temporary file's 0600).
    On failure raises ``error("cannot write TARGET: CAUSE")`` (no space left, read-only file
    system, ...); no temporary file is left behind.
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise error(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if fsync:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise error(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target
