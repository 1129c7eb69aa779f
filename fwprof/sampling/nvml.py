"""The NVML session: initialised once, the visible devices found, shut down at the end.

:meth:`GpuContext.open` never raises: without the ``pynvml`` module, the NVML library, a driver
or a visible GPU it returns a context with ``available`` False and a ``reason``.

``CUDA_VISIBLE_DEVICES`` is honoured as CUDA reads it: a comma-separated list of integer
indices or ``GPU-<uuid>`` prefixes; parsing stops at the first entry that names no device, an
empty value hides every GPU, and an unset variable shows all. Integer indices are taken as NVML
indices, which is CUDA's order when ``CUDA_DEVICE_ORDER=PCI_BUS_ID`` (on machines mixing GPU
models CUDA's default order may differ: prefer UUIDs there). ``MIG-`` entries are not sampled.
Metric names use the NVML index (``gpu3_...``), as ``nvidia-smi`` numbers devices.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class GpuDeviceInfo:
    """One GPU: NVML ``index``, ``name``, ``uuid``, ``memory_total`` bytes, ``driver`` version."""

    index: int
    name: str
    uuid: str
    memory_total: int
    driver: str


class GpuContext:
    """An open NVML session and the devices this process's runs can see."""

    def __init__(self, nvml: Any | None, devices: list[GpuDeviceInfo], handles: dict[int, Any],
                 reason: str | None) -> None:
        self.nvml = nvml
        self.devices = devices
        self.reason = reason
        self._handles = handles

    @property
    def available(self) -> bool:
        """True when NVML is initialised and at least one device is visible."""
        return self.nvml is not None and bool(self.devices)

    @classmethod
    def unavailable(cls, reason: str) -> GpuContext:
        """A context without GPUs, saying why."""
        return cls(None, [], {}, reason)

    @classmethod
    def open(cls, nvml_module: Any | None = None,
             env: Mapping[str, str] | None = None) -> GpuContext:
        """Initialise NVML (``pynvml`` unless a module is given) and find the visible devices."""
        nvml = nvml_module if nvml_module is not None else _import_pynvml()
        if nvml is None:
            return cls.unavailable("the pynvml module (nvidia-ml-py) is not installed")
        try:
            nvml.nvmlInit()
        except Exception as exc:  # NVMLError, or OSError from a broken library
            return cls.unavailable(f"NVML could not start: {exc}")
        return cls._with_devices(nvml, os.environ if env is None else env)

    @classmethod
    def _with_devices(cls, nvml: Any, env: Mapping[str, str]) -> GpuContext:
        try:
            found = _all_devices(nvml)
        except Exception as exc:
            _shutdown(nvml)
            return cls.unavailable(f"NVML could not list devices: {exc}")
        visible, reason = select_visible([info for info, _ in found],
                                         env.get("CUDA_VISIBLE_DEVICES"))
        if not visible:
            _shutdown(nvml)
            return cls.unavailable(reason or "NVML found no GPU")
        handles = {info.index: handle for info, handle in found}
        return cls(nvml, visible, {d.index: handles[d.index] for d in visible}, None)

    def handle(self, index: int) -> Any:
        """The NVML handle of a visible device (by NVML index)."""
        return self._handles[index]

    def close(self) -> None:
        """Shut NVML down (idempotent)."""
        if self.nvml is not None:
            _shutdown(self.nvml)
            self.nvml = None

    def __enter__(self) -> GpuContext:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: availability, reason and devices."""
        return {"available": self.available, "reason": self.reason,
                "devices": [asdict(d) for d in self.devices]}


def select_visible(devices: list[GpuDeviceInfo],
                   cuda_visible: str | None) -> tuple[list[GpuDeviceInfo], str | None]:
    """The devices ``CUDA_VISIBLE_DEVICES`` selects, in its order, and why none if so."""
    if cuda_visible is None:
        return devices, None if devices else "NVML found no GPU"
    chosen: list[GpuDeviceInfo] = []
    for entry in (e.strip() for e in cuda_visible.split(",")):
        device = _match(devices, entry)
        if device is None:
            break
        if device not in chosen:
            chosen.append(device)
    reason = None if chosen else f"CUDA_VISIBLE_DEVICES={cuda_visible!r} selects no GPU"
    return chosen, reason


def _match(devices: list[GpuDeviceInfo], entry: str) -> GpuDeviceInfo | None:
    if entry.lstrip("-").isdigit():
        index = int(entry)
        return devices[index] if 0 <= index < len(devices) else None
    if not entry or entry.startswith("MIG-"):
        return None
    prefix = entry if entry.startswith("GPU-") else f"GPU-{entry}"
    matches = [d for d in devices if d.uuid.startswith(prefix)]
    return matches[0] if len(matches) == 1 else None


def _all_devices(nvml: Any) -> list[tuple[GpuDeviceInfo, Any]]:
    driver = _text(nvml.nvmlSystemGetDriverVersion())
    found = []
    for index in range(int(nvml.nvmlDeviceGetCount())):
        handle = nvml.nvmlDeviceGetHandleByIndex(index)
        info = GpuDeviceInfo(
            index=index,
            name=_text(nvml.nvmlDeviceGetName(handle)),
            uuid=_text(nvml.nvmlDeviceGetUUID(handle)),
            memory_total=int(nvml.nvmlDeviceGetMemoryInfo(handle).total),
            driver=driver,
        )
        found.append((info, handle))
    return found


def _import_pynvml() -> Any | None:
    try:
        import pynvml
    except ImportError:
        return None
    return pynvml


def _shutdown(nvml: Any) -> None:
    # Already shut down, or the library went away: nothing is left to release either way.
    with contextlib.suppress(Exception):
        nvml.nvmlShutdown()


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
