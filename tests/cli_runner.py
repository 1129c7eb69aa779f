"""Running the ``fwprof`` command line in a subprocess, as the CLI tests do."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fwprof(*args: str, cwd: Path = ROOT, timeout: float = 600,
           env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m fwprof ARGS`` in ``cwd`` (the repository root by default), output captured as
    text; ``env`` replaces the environment when given."""
    return subprocess.run([sys.executable, "-m", "fwprof", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=env)
