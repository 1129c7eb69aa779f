"""What an output format is, and how its files are written."""

from __future__ import annotations

import gzip
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fwprof.results import SessionRecord

#: Writes a session to a path and returns every file written.
WriteFunction = Callable[[SessionRecord, Path], list[Path]]


class ExportError(Exception):
    """An export could not be written; the message is meant for the user."""


@dataclass(frozen=True)
class ExportFormat:
    """One output format: its name on the command line, default suffix and writer."""

    name: str
    suffix: str
    description: str
    write: WriteFunction
    single_file: bool = True  # False: writes companion files next to PATH (cannot go to stdout)
    folder: bool = False  # True: PATH is a folder that the files go into (made if missing)


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` as UTF-8 atomically (gzip-compressed when the name ends in ``.gz``)."""
    data = text.encode("utf-8")
    if path.name.endswith(".gz"):
        data = gzip.compress(data, 6)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def companion_path(path: Path, tag: str) -> Path:
    """``out.csv`` -> ``out-summary.csv``: a second file of an export, next to the first."""
    return path.with_name(f"{path.stem}-{tag}{path.suffix}")
