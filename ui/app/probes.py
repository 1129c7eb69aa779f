"""Questions about this machine that the app asks off the GUI thread."""

from __future__ import annotations

from typing import Any


def probe_gpu() -> dict[str, Any]:
    """{'available', 'reason', 'devices'} from NVML (never raises for a missing GPU)."""
    from fwprof.sampling.nvml import GpuContext

    gpu = GpuContext.open()
    try:
        describe = getattr(gpu, "describe", None)
        return dict(describe() if callable(describe) else gpu.to_dict())
    finally:
        gpu.close()


def probe_host() -> dict[str, Any]:
    """CPU model, cores this process may use, and total memory."""
    import psutil

    from fwprof.config import available_cores
    from fwprof.environment import cpu_model

    return {"cpu_model": cpu_model(), "cores_available": available_cores(),
            "memory_total_bytes": psutil.virtual_memory().total}

