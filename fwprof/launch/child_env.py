"""The environment a child process starts with: equal thread settings for both frameworks."""

from __future__ import annotations

import os
from pathlib import Path

from fwprof.config import RunSpec

#: The folder holding the ``fwprof`` package, so any interpreter can import it in the child.
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def child_environment(spec: RunSpec, base: dict[str, str] | None = None) -> dict[str, str]:
    """Copy of ``base`` (default: this process's environment) with the run's settings applied.

    Thread variables must be set before a framework loads its OpenMP / oneDNN runtime, so they
    go into the environment rather than being set from inside the child.
    """
    env = dict(os.environ if base is None else base)
    threads = str(spec.threads)
    env.update(
        OMP_NUM_THREADS=threads,
        MKL_NUM_THREADS=threads,
        TF_NUM_INTRAOP_THREADS=threads,
        TF_NUM_INTEROP_THREADS=str(spec.interop_threads),
        PYTHONUNBUFFERED="1",
        PYTHONPATH=os.pathsep.join(p for p in (PACKAGE_ROOT, env.get("PYTHONPATH")) if p),
    )
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if spec.compile_cache_dir:
        env["TORCHINDUCTOR_CACHE_DIR"] = spec.compile_cache_dir
    return env
