"""User errors on the command line: one clear message and exit status 2, never a traceback."""

from __future__ import annotations


class UsageError(Exception):
    """Bad input from the user; ``main`` prints the message and exits with status 2."""


EXIT_USAGE = 2
