"""What the script-profiling tests share: reading a recorder's events back from its pipe, and
skip marks for the frameworks a test needs."""

from __future__ import annotations

import importlib.util
import os

import pytest

from fwprof.protocol import Event, decode

HAS_TORCH = importlib.util.find_spec("torch") is not None
HAS_KERAS = all(importlib.util.find_spec(name) is not None for name in ("keras", "tensorflow"))
needs_torch = pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed")
needs_keras = pytest.mark.skipif(not HAS_KERAS, reason="keras / tensorflow are not installed")


def read_events(fd: int) -> list[Event]:
    """Every event written to the pipe so far (without blocking)."""
    os.set_blocking(fd, False)
    data = b""
    try:
        while chunk := os.read(fd, 65536):
            data += chunk
    except BlockingIOError:
        pass
    return [decode(line) for line in data.splitlines() if line]
