"""The machine and software a session ran on, captured without importing any DL framework.

Framework versions and build flags come from the children themselves (their ``info`` event),
since importing torch or TensorFlow here would cost seconds and is banned in the GUI process.
"""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil

from fwprof.config import available_cores

#: Environment variables that change which kernels run or how many threads they use.
RELEVANT_ENV_VARS: tuple[str, ...] = (
    "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE",
    "TF_ENABLE_ONEDNN_OPTS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS",
    "TF_XLA_FLAGS", "TF_CPP_MIN_LOG_LEVEL", "CUDA_VISIBLE_DEVICES", "NVIDIA_TF32_OVERRIDE",
    "TORCH_ALLOW_TF32_CUBLAS_OVERRIDE", "TORCHINDUCTOR_CACHE_DIR", "KMP_AFFINITY",
    "KMP_BLOCKTIME", "DNNL_DEFAULT_FPMATH_MODE", "XLA_FLAGS",
)

FRAMEWORK_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "torch": ("torch",),
    "tensorflow": ("tensorflow", "tensorflow-cpu", "tf-nightly"),
}


def capture_host() -> dict[str, Any]:
    """CPU, memory, OS, Python, installed framework versions and relevant env vars."""
    return {
        "cpu_model": cpu_model(),
        "cores_logical": psutil.cpu_count(logical=True),
        "cores_physical": psutil.cpu_count(logical=False),
        "cores_available": available_cores(),
        "cpu_governor": _read_first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"),
        "memory_total_bytes": psutil.virtual_memory().total,
        "os": platform.platform(),
        "hostname": platform.node(),
        "python": sys.version.split()[0],
        "python_executable": sys.executable,
        "installed": installed_frameworks(),
        "env": {name: os.environ[name] for name in RELEVANT_ENV_VARS if name in os.environ},
    }


def cpu_model() -> str:
    """The CPU's marketing name, from /proc/cpuinfo where available."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def installed_frameworks() -> dict[str, str | None]:
    """Framework -> installed version (None when not installed), read from package metadata."""
    return {name: _first_version(dists) for name, dists in FRAMEWORK_DISTRIBUTIONS.items()}


def _first_version(distributions: tuple[str, ...]) -> str | None:
    for dist in distributions:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return None


def _read_first_line(path: str) -> str | None:
    try:
        return Path(path).read_text().splitlines()[0].strip()
    except (OSError, IndexError):
        return None
