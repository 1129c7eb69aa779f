"""Markdown table cells and rows: text escaped so odd session strings cannot break a table."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~])")


def escape(text: str) -> str:
    """Text safe inside a markdown table cell (whitespace collapsed, specials backslashed)."""
    flat = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", flat)


def table_line(cells: list[str]) -> str:
    """One table row (or the header, or the alignment row) of already-escaped cells."""
    return "| " + " | ".join(cells) + " |"
