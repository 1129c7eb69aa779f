"""How the views write the time a session was recorded."""

from __future__ import annotations

from datetime import datetime


def local_time(iso: str) -> str:
    """'2026-11-26 09:58' in local time (the text as given if it does not parse)."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso or "at an unknown time"
