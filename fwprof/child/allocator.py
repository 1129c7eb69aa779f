"""The framework's own allocator memory, read in the child at every step-block boundary.

Process memory (RSS, NVML's per-process GPU memory) says how much the process holds; the
framework's allocator says how much its tensors use (``allocated``), how much it keeps cached
for them (``reserved``) and the most they ever used (``peak_allocated``):

- PyTorch on CUDA: ``torch.cuda.memory_allocated``, ``memory_reserved``, ``max_memory_allocated``;
- TensorFlow on a GPU: ``tf.config.experimental.get_memory_info('GPU:0')`` (``current`` and
  ``peak``; it has no "reserved" figure).

Neither framework reports allocator memory for the CPU: such a run sends one ``memory`` event
with a ``note`` saying so, never made-up zeros. A reading that fails is reported the same way
once and not tried again (it must never fail the run).
"""

from __future__ import annotations

from collections.abc import Callable

from fwprof.child.emitter import EventEmitter

#: Event kind of an allocator reading (or of the note saying why there is none).
MEMORY_EVENT = "memory"

Reading = dict[str, int | None]
Reader = Callable[[], Reading]


def allocator_reader(framework: str, device: str) -> tuple[Reader | None, str, str]:
    """(a function reading the allocator, its source, "") or (None, source, why not)."""
    if framework == "torch":
        return _torch_reader(device)
    if framework == "tensorflow":
        return _tensorflow_reader(device)
    return None, "", f"not available: no allocator statistics for {framework!r}"


def _torch_reader(device: str) -> tuple[Reader | None, str, str]:
    source = "torch.cuda"
    if device != "cuda":
        return None, source, ("not available: PyTorch's allocator statistics (torch.cuda.memory_*) "
                              f"are for CUDA devices; this run is on the {device.upper()}")
    import torch

    if not torch.cuda.is_available():
        return None, source, "not available: torch sees no CUDA device"

    def read() -> Reading:
        return {"allocated_bytes": int(torch.cuda.memory_allocated()),
                "reserved_bytes": int(torch.cuda.memory_reserved()),
                "peak_allocated_bytes": int(torch.cuda.max_memory_allocated())}

    return read, source, ""


def _tensorflow_reader(device: str) -> tuple[Reader | None, str, str]:
    source = "tf.config.experimental.get_memory_info('GPU:0')"
    if device != "cuda":
        return None, source, ("not available: TensorFlow reports allocator memory for GPUs only; "
                              f"this run is on the {device.upper()}")
    import tensorflow as tf

    if not tf.config.list_physical_devices("GPU"):
        return None, source, "not available: TensorFlow sees no GPU"

    def read() -> Reading:
        info = tf.config.experimental.get_memory_info("GPU:0")
        return {"allocated_bytes": int(info["current"]), "reserved_bytes": None,
                "peak_allocated_bytes": int(info["peak"])}

    return read, source, ""


class AllocatorProbe:
    """Sends a ``memory`` event each time it is called (a step block ended), or once a note."""

    def __init__(self, emitter: EventEmitter, read: Reader | None, source: str, note: str) -> None:
        self._emitter = emitter
        self._read, self._source = read, source
        if read is None:
            emitter.emit(MEMORY_EVENT, source=source, note=note)

    @classmethod
    def for_run(cls, emitter: EventEmitter, framework: str, device: str) -> AllocatorProbe:
        """The probe of ``framework``'s allocator on ``device`` (``cpu`` or ``cuda``)."""
        return cls(emitter, *allocator_reader(framework, device))

    def __call__(self) -> None:
        if self._read is None:
            return
        try:
            values = self._read()
        except Exception as exc:  # optional figures: say why once, never fail the run
            self._read = None
            self._emitter.emit(MEMORY_EVENT, source=self._source,
                               note=f"not available: the reading failed ({type(exc).__name__}: {exc})")
            return
        self._emitter.emit(MEMORY_EVENT, source=self._source, **values)
