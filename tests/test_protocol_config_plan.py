"""Event protocol, configuration validation and run planning."""

from __future__ import annotations

import json

import pytest

from fwprof import protocol
from fwprof.config import ConfigError, RunSpec, SessionConfig
from fwprof.launch.plan import plan_runs


def test_event_round_trip_keeps_fields_and_version() -> None:
    line = protocol.encode("phase_start", phase="build")
    event = protocol.decode(line)
    assert event["k"] == "phase_start" and event["phase"] == "build"
    assert event["v"] == protocol.PROTOCOL_VERSION
    assert abs(event["t"] - protocol.now()) < 1.0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"not json", "not JSON"),
        (b"[1]", "not an object"),
        (json.dumps({"v": 99, "k": "done", "t": 1}).encode(), "protocol version"),
        (json.dumps({"v": 1, "k": "nonsense", "t": 1}).encode(), "unknown event kind"),
        (json.dumps({"v": 1, "k": "done"}).encode(), "timestamp"),
    ],
)
def test_bad_event_lines_are_rejected(line: bytes, message: str) -> None:
    with pytest.raises(protocol.ProtocolError, match=message):
        protocol.decode(line)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"workload": "resnet"}, "unknown workload 'resnet'"),
        ({"batch_size": -1}, "batch size -1 is out of range"),
        ({"steps": 0}, "steps 0 is out of range"),
        ({"warmup": -3}, "warm-up steps -3"),
        ({"device": "tpu"}, "unknown device 'tpu'"),
        ({"precision": "fp8"}, "unknown precision"),
    ],
)
def test_run_spec_validation_names_the_bad_value(change: dict[str, object], message: str) -> None:
    spec = RunSpec.from_dict({**RunSpec("torch", "mlp", "train", "eager").to_dict(), **change})
    with pytest.raises(ConfigError, match=message):
        spec.validate()


def test_session_validation_covers_lists_and_rate() -> None:
    with pytest.raises(ConfigError, match="unknown mode 'jit'"):
        SessionConfig(modes=("eager", "jit")).validate()
    with pytest.raises(ConfigError, match="no framework chosen"):
        SessionConfig(frameworks=()).validate()
    with pytest.raises(ConfigError, match="sample rate 500"):
        SessionConfig(sample_rate_hz=500).validate()
    with pytest.raises(ConfigError, match="steps 0"):
        SessionConfig(steps=0).validate()


def test_resolved_spec_fills_defaults() -> None:
    spec = RunSpec("torch", "cnn", "train", "eager").resolved()
    assert spec.batch_size == 64 and spec.threads >= 1 and spec.interop_threads == spec.threads


def test_plan_interleaves_frameworks_and_flips_order_each_repeat() -> None:
    config = SessionConfig(workloads=("mlp", "cnn"), modes=("eager",), repeats=3, max_repeats=3)
    order = [(s.framework, s.workload, s.repeat) for s in plan_runs(config)]
    assert order == [
        ("torch", "mlp", 0), ("tensorflow", "mlp", 0), ("torch", "cnn", 0), ("tensorflow", "cnn", 0),
        ("tensorflow", "mlp", 1), ("torch", "mlp", 1), ("tensorflow", "cnn", 1), ("torch", "cnn", 1),
        ("torch", "mlp", 2), ("tensorflow", "mlp", 2), ("torch", "cnn", 2), ("tensorflow", "cnn", 2),
    ]


def test_session_config_dict_round_trip() -> None:
    config = SessionConfig(workloads=("mlp", "lstm"), repeats=2, max_repeats=2, threads=1)
    assert SessionConfig.from_dict(json.loads(json.dumps(config.to_dict()))) == config
