"""What every deployment format provides to the deploy child, and the helpers they share."""

from __future__ import annotations

import importlib
import importlib.metadata
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from fwprof.specs.deploy import DeploySpec

Array = npt.NDArray[Any]


class Unavailable(RuntimeError):
    """The format cannot run here; the message says exactly why (an import error, a version)."""


@dataclass(frozen=True)
class Predictor:
    """A loaded artifact: ``prepare`` turns a NumPy input into the runtime's own input once,
    ``run`` answers one query from it and returns the output as a NumPy array (the fetch to
    the host is the synchronisation, as in the built-in runs)."""

    prepare: Callable[[Array], Any]
    run: Callable[[Any], Array]


class DeployFormat(ABC):
    """One format: export an eager model to an artifact; load the artifact into a predictor.

    ``runtime_needs_framework``: the runtime imports the framework (torch for TorchScript), so
    the child configures the framework's threads first; a runtime that does not (ONNX Runtime,
    LiteRT) gets the same thread count through its own options.
    """

    runtime_needs_framework = True

    @abstractmethod
    def prepare_export(self) -> dict[str, str]:
        """Import what the export needs (raise :class:`Unavailable`); return package versions."""

    @abstractmethod
    def export(self, model: Any, example: Array, artifact: Path) -> None:
        """Write the artifact of ``model`` (eager, inference mode) traced with ``example``."""

    @abstractmethod
    def prepare_runtime(self, spec: DeploySpec) -> dict[str, Any]:
        """Import the runtime and set its threads (raise :class:`Unavailable`); describe it."""

    @abstractmethod
    def load(self, artifact: Path, spec: DeploySpec) -> Predictor:
        """Load the artifact written by :meth:`export`."""


def require(module: str) -> Any:
    """``importlib.import_module(module)``; :class:`Unavailable` with the exact error if not."""
    try:
        return importlib.import_module(module)
    except Exception as exc:  # ImportError, or whatever a package raises at import time
        raise Unavailable(f"import {module} failed: {type(exc).__name__}: {exc}") from exc


def version_of(distribution: str) -> str:
    """The installed version of a distribution, or ``unknown``."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def runtime_info(name: str, version: str, threads: int, **extra: Any) -> dict[str, Any]:
    """The ``runtime`` info a stage reports."""
    return {"runtime": {"name": name, "version": version, "threads": threads, **extra}}


def as_array(value: Any) -> Array:
    """A runtime's output as a NumPy array (of its first output where there are several)."""
    if isinstance(value, (list, tuple)):
        value = value[0]
    if hasattr(value, "detach"):
        value = value.detach()
    if hasattr(value, "numpy"):
        value = value.numpy()
    return np.asarray(value)
