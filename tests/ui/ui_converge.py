"""The convergence record builder of tests/ (converge_records.py), for the UI tests, which
pytest may collect without tests/ on the import path."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = str(Path(__file__).resolve().parents[1])
if TESTS not in sys.path:
    sys.path.append(TESTS)

from converge_records import converge_record  # noqa: E402

__all__ = ["converge_record"]
