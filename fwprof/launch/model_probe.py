"""Before a session runs a user's model file, check it in both frameworks (each in a probe
process, as runs are): it must load, build, run a batch, and give models of equal parameter
counts and output shapes. :class:`~fwprof.workloads.user_model.UserModelError` otherwise."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, replace
from typing import Any

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.config import SessionConfig
from fwprof.workloads.user_model import UserModelError

PROBE_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class UserModelInfo:
    """What both probes agreed on."""

    path: str
    parameters: int
    input_shape: tuple[int, ...]
    classes: int


def probe_user_model(path: str, python: str = sys.executable,
                     frameworks: tuple[str, ...] = ("tensorflow", "torch")) -> UserModelInfo:
    """Probe the file in each framework asked for (Keras first: it knows the input shape)."""
    keras = _probe(python, path, "tensorflow", ()) if "tensorflow" in frameworks else None
    shape = tuple(keras["input_shape"]) if keras else ()
    classes = int(keras["classes"]) if keras else 0
    torch = _probe(python, path, "torch", (json.dumps(list(shape)), str(classes))) if (
        "torch" in frameworks) else None
    if keras and torch:
        _check_same(path, keras, torch)
    found = keras or torch
    assert found is not None, "no framework to probe"
    return UserModelInfo(path, int(found["parameters"]), shape, classes)


def _probe(python: str, path: str, framework: str, extra: tuple[str, ...]) -> dict[str, Any]:
    try:
        done = subprocess.run([python, "-m", "fwprof.workloads.user_probe", path, framework, *extra],
                              capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise UserModelError(f"building the {FRAMEWORK_LABELS[framework]} model of {path} took "
                             f"longer than {PROBE_TIMEOUT_S:.0f} s") from exc
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise UserModelError(f"checking {path} in {FRAMEWORK_LABELS[framework]} failed: {tail}")
    result: dict[str, Any] = json.loads(lines[-1])
    if "error" in result:
        raise UserModelError(str(result["error"]))
    return result


def _check_same(path: str, keras: dict[str, Any], torch: dict[str, Any]) -> None:
    if keras["parameters"] != torch["parameters"]:
        raise UserModelError(
            f"the models in {path} differ: PyTorch has {torch['parameters']:,} trainable "
            f"parameters, Keras {keras['parameters']:,}")
    if keras["output_shape"] != torch["output_shape"]:
        raise UserModelError(
            f"the models in {path} differ: on the same batch PyTorch outputs "
            f"{tuple(torch['output_shape'])}, Keras {tuple(keras['output_shape'])}")


def probed_config(config: SessionConfig, python: str = sys.executable) -> SessionConfig:
    """``config`` with its model file's input shape and classes, once the file passed both
    probes (UserModelError otherwise); unchanged when it runs no model file."""
    if not config.model_file:
        return config
    info = probe_user_model(config.model_file, python, config.frameworks)
    return replace(config, model_input=info.input_shape, model_classes=info.classes)
