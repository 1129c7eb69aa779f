"""Small pieces every session-running command shares."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol


class Stoppable(Protocol):
    def stop(self) -> None: ...


@contextmanager
def stop_on_interrupt(session: Stoppable) -> Iterator[None]:
    """Ctrl-C stops the session cleanly (children or process tree ended, partial results kept)."""
    previous = signal.signal(signal.SIGINT, lambda *_: session.stop())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def json_plain(value: Any) -> Any:
    """``json.dumps`` default: numpy scalars as numbers, anything else as text."""
    return value.item() if hasattr(value, "item") else str(value)
