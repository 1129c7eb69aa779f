"""What an output format is, and how its files are written."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fwprof.atomic import write_atomically
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
    return write_atomically(path, data, ExportError, mode=0o644)


def companion_path(path: Path, tag: str) -> Path:
    """``out.csv`` -> ``out-summary.csv``: a second file of an export, next to the first."""
    return path.with_name(f"{path.stem}-{tag}{path.suffix}")
