"""``with fwprof.sample() as s:`` samples this process and its children and marks steps."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

import fwprof
from fwprof.api.frames import SAMPLE_KEY_COLUMNS, STEP_COLUMNS
from fwprof.api.live import Sampling

ROOT = Path(__file__).resolve().parents[1]


def _busy(seconds: float) -> int:
    end, count = time.perf_counter() + seconds, 0
    while time.perf_counter() < end:
        count += 1
    return count


def test_a_busy_loop_is_sampled_on_a_background_thread() -> None:
    with fwprof.sample(rate_hz=20) as s:
        _busy(1.5)
    samples = s.samples()
    assert tuple(samples.columns[:4]) == SAMPLE_KEY_COLUMNS
    assert len(samples) >= 10  # 20 Hz for 1.5 s is 30; a loaded 2-core machine may drop some
    assert samples["cpu_percent"].max() > 30
    assert samples["rss_bytes"].min() > 10 * 2**20
    assert samples["time_s"].is_monotonic_increasing
    run = s.session.runs[0]
    assert (run.framework, run.scenario, run.status, run.step_count) == ("script", "profile", "ok", 0)
    assert tuple(s.steps().columns) == STEP_COLUMNS and len(s.steps()) == 0


def test_manual_steps_and_phases_are_marked() -> None:
    with fwprof.sample(name="loop") as s, s.phase("work"):
        for _ in range(40):
            _busy(0.005)
            s.step()
    steps = s.steps()
    assert len(steps) == 40 and (steps["label"] == "loop").all()
    assert steps["duration_s"].iloc[1:].between(0.004, 1.0).all()
    assert [p.name for p in s.run.phases] == ["work"]
    assert s.run.info["step_sources"] == ["manual"]


def test_evaluation_and_prediction_steps_are_counted_apart() -> None:
    with fwprof.sample() as s:
        for _ in range(5):
            _busy(0.005)
            s.step()
        for _ in range(3):
            s.step("eval")
        s.step(kind="predict")
        with pytest.raises(ValueError, match="step kind 'test'"):
            s.step("test")
    steps = s.steps()
    assert steps.groupby("kind").size().to_dict() == {"train": 5, "eval": 3, "predict": 1}
    assert list(steps["kind"]) == ["train"] * 5 + ["eval"] * 3 + ["predict"]
    assert list(steps.query("kind == 'eval'")["step"]) == [0, 1, 2]
    assert s.session.runs[0].step_count == 5


def test_pytorch_optimizer_steps_are_marked_automatically() -> None:
    torch = pytest.importorskip("torch")
    with fwprof.sample() as s:
        model = torch.nn.Linear(8, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        for _ in range(25):
            optimizer.zero_grad()
            model(torch.randn(4, 8)).sum().backward()
            optimizer.step()
    assert s.session.runs[0].step_count == 25
    assert s.run.info["frameworks"]["torch"]["version"] == torch.__version__
    assert s.run.info["step_sources"] == ["torch"]
    optimizer.step()  # after the block the hook does nothing
    assert s.session.runs[0].step_count == 25


def test_children_are_sampled_too() -> None:
    code = "import time\nend = time.time() + 2.5\nwhile time.time() < end: pass\n"
    with fwprof.sample(rate_hz=10) as s:
        child = subprocess.Popen([sys.executable, "-c", code])
        child.wait(timeout=60)
    pids = {process["pid"] for process in s.run.series["processes"]}
    assert child.pid in pids
    assert s.samples()["cpu_percent"].max() > 30


def test_an_exception_in_the_block_is_recorded_and_raised() -> None:
    sampling = fwprof.sample()
    with pytest.raises(ZeroDivisionError), sampling:
        _busy(0.2)
        1 / 0  # noqa: B018
    assert sampling.run.status == "failed"
    assert sampling.run.error is not None and "ZeroDivisionError" in sampling.run.error
    assert sampling.session.runs[0].status == "failed"


def test_the_session_is_there_only_after_the_block() -> None:
    with fwprof.sample() as s:
        with pytest.raises(RuntimeError, match="not ended"):
            _ = s.session
        assert "sampling" in s._repr_html_()
    assert "<svg" in s._repr_html_() or "no values" in s._repr_html_()


def test_a_bad_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="outside 1-100 Hz"):
        Sampling(rate_hz=500)


def test_a_saved_block_opens_with_fwprof_show_and_load(tmp_path: Path) -> None:
    with fwprof.sample(rate_hz=20, name="saved block") as s:
        for _ in range(12):
            _busy(0.02)
            s.step()
    path = s.save(tmp_path / "block.fwprof")
    loaded = fwprof.load(path)
    assert loaded.runs == s.session.runs
    assert len(loaded.samples()) == len(s.samples())
    shown = subprocess.run([sys.executable, "-m", "fwprof", "show", str(path)], capture_output=True,
                           text=True, timeout=120, cwd=ROOT)
    assert shown.returncode == 0, shown.stderr
    assert "saved block" in shown.stdout and "12" in shown.stdout


def test_keras_fit_batches_are_marked_automatically() -> None:
    keras = pytest.importorskip("keras")
    import numpy as np

    with fwprof.sample() as s:
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(np.zeros((32, 4)), np.zeros((32, 1)), batch_size=8, epochs=2, verbose=0)
        model.evaluate(np.zeros((16, 4)), np.zeros((16, 1)), batch_size=8, verbose=0)
    assert s.session.runs[0].step_count == 8
    assert s.steps().groupby("kind").size().to_dict() == {"train": 8, "eval": 2}
    assert "keras" in s.run.info["frameworks"]
    assert "fit" in [phase.name for phase in s.run.phases]


def test_the_display_escapes_the_run_name() -> None:
    with fwprof.sample(name='<b>x</b> & "q"') as s:
        _busy(0.3)
    html = s._repr_html_()
    assert "<b>x" not in html
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot;" in html
