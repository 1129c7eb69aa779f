"""Sampling slows down while a CPU run that fills every core is measured, and only then."""

from __future__ import annotations

import time

import numpy as np
import pytest

from fwprof.config import ConfigError, RunSpec, SessionConfig, available_cores
from fwprof.launch.pacing import fills_every_core, measure_rate_hz
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.report.windows import measure_resources
from fwprof.results import RunResult
from fwprof.sampling import RunSampler
from fwprof.scenarios.registry import builtin_session

CORES = available_cores()


def test_only_cpu_runs_that_fill_every_core_are_sampled_slower_while_measured() -> None:
    config = SessionConfig()
    every_core = RunSpec("torch", "mlp", "train", "eager", threads=CORES)
    assert fills_every_core(every_core) and measure_rate_hz(every_core, config) == 1.0
    if CORES > 1:
        assert measure_rate_hz(RunSpec("torch", "mlp", "train", "eager", threads=CORES - 1),
                               config) is None
    on_gpu = RunSpec("torch", "mlp", "train", "eager", threads=CORES, device="cuda")
    assert measure_rate_hz(on_gpu, config) is None
    assert measure_rate_hz(every_core, SessionConfig(busy_measure_rate_hz=0)) is None
    assert measure_rate_hz(every_core, SessionConfig(sample_rate_hz=1.0)) is None  # no faster
    with pytest.raises(ConfigError, match="busy measure"):
        SessionConfig(busy_measure_rate_hz=0.5).validate()


def test_the_sampler_changes_rate_at_once() -> None:
    sampler = RunSampler(1, rate_hz=20.0)  # pid 1: any live process will do
    sampler.start()
    time.sleep(0.525)  # between two 20 Hz ticks
    sampler.set_rate(2.0)
    slowed = time.monotonic()
    time.sleep(1.6)
    sampler.set_rate(20.0)  # 0.1 s or more after the last tick: ticks at once
    sped_up = time.monotonic()
    time.sleep(0.5)
    sampler.stop()
    t = np.asarray(sampler.store.to_dict()["t"])
    slow = t[(t >= slowed - 0.05) & (t < sped_up)]  # the last 20 Hz tick, then 2 Hz
    assert len(t[t < slowed]) >= 8
    assert np.allclose(np.diff(slow), 0.5, atol=0.05) and slow.size in (4, 5)
    fast = t[t >= sped_up]
    assert fast[0] - sped_up < 0.03 and np.allclose(np.diff(fast), 0.05, atol=0.02)


def span_start(run: RunResult) -> float:
    span = run.phase("measure")
    assert span is not None
    return span.start


def _measure_samples(run: RunResult) -> tuple[int, float]:
    span = run.phase("measure")
    assert span is not None and span.end is not None
    t = np.asarray(run.series["series"]["t"])
    return int(np.sum((t >= span.start) & (t <= span.end))), span.end - span.start


@pytest.mark.parametrize("threads", [CORES, max(1, CORES - 1)], ids=["every core", "a core free"])
def test_a_real_run_is_sampled_slower_only_while_it_fills_every_core(threads: int) -> None:
    if threads == CORES - 1 == 0:
        pytest.skip("one core")
    config = SessionConfig(frameworks=("torch",), modes=("eager",), repeats=1, max_repeats=1, steps=3000,
                           warmup=5, threads=threads, sample_rate_hz=10.0)
    record = builtin_session(config).run()
    run = record.runs[0]
    assert run.status == "ok", run.error
    samples, seconds = _measure_samples(run)
    table = render_summary(build_summary(record))
    assert seconds > 1.0
    if threads >= CORES:
        assert run.info["measure_sample_rate_hz"] == 1.0
        assert samples <= seconds + 3  # about 1 Hz (plus the ticks at the phase changes)
        times = np.asarray(run.series["series"]["t"])
        assert np.sum(times < span_start(run)) >= 5  # 10 Hz until then
        assert "sampled at 1 Hz while measured" in table
    else:
        assert "measure_sample_rate_hz" not in run.info and "while measured" not in table
        assert samples >= 8 * seconds


@pytest.mark.slow
def test_a_paced_measure_phase_lasts_long_enough_for_ten_samples_at_the_paced_rate() -> None:
    """30 steps of ~1 ms would end in 0.03 s; sampled at 5 Hz while measured, the phase runs on
    until it holds 10 samples (the end-of-phase sample counts: PACED_END_GRACE_S)."""
    config = SessionConfig(frameworks=("torch",), modes=("eager",), repeats=1, max_repeats=1, steps=30,
                           warmup=2, threads=CORES, sample_rate_hz=10.0, busy_measure_rate_hz=5.0,
                           min_time_s=0.0, warmup_max_s=0.0)
    run = builtin_session(config).run().runs[0]
    assert run.status == "ok", run.error
    span = run.phase("measure")
    assert span is not None and span.duration is not None and span.duration >= 11 / 5.0
    assert run.info["measure_sample_rate_hz"] == 5.0
    window = measure_resources(run)
    assert window["samples"] >= 10 and window["cpu_percent_mean"] > 0
