"""Where the app's files (icon, style) live in a source checkout."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def icon_path() -> Path | None:
    """The application icon, if the resources folder is present."""
    path = RESOURCES / "icons" / "fwprof.svg"
    return path if path.is_file() else None
