"""User errors in arguments: one clear message and exit status 2, never a traceback.

Shared by the CLI and the scenarios that read their own options.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from fwprof.config import ConfigError


class UsageError(Exception):
    """Bad input from the user; ``main`` prints the message and exits with status 2."""


EXIT_USAGE = 2


class _Validated(Protocol):
    def validate(self) -> None: ...


Config = TypeVar("Config", bound=_Validated)


def validated(config: Config) -> Config:
    """``config`` once its ``validate()`` passed; the ConfigError it raised becomes a UsageError."""
    try:
        config.validate()
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    return config


def comma_list(text: str) -> tuple[str, ...]:
    """``"mlp, cnn,"`` -> ``("mlp", "cnn")``."""
    return tuple(name.strip() for name in text.split(",") if name.strip())
