"""The sampler meets processes that vanish mid-tick and a GPU that is lost mid-run (fake NVML).

Sampling degrades, it never stops: the run completes, what could not be measured is NaN with
the reason recorded, the snapshot is saved, and the next run samples normally.
"""

from __future__ import annotations

import math
import textwrap
import threading
from pathlib import Path

from fake_nvml import NVML_ERROR_GPU_IS_LOST, fake_gpus
from test_fault_tools import left_behind

from fwprof.outputs.snapshot import save_snapshot
from fwprof.sampling.nvml import GpuContext
from fwprof.scenarios.profile.session import ScriptSession
from fwprof.snapshot import load_snapshot
from fwprof.specs.script import ScriptSpec

CHURN = """
    import subprocess, sys, time, fwprof
    end = time.monotonic() + float(sys.argv[1])
    while time.monotonic() < end:  # short-lived children: gone between listing and reading them
        subprocess.Popen([sys.executable, "-c", "pass"]).wait()
        fwprof.step()
"""
NVML_FUNCTIONS = ("nvmlDeviceGetUtilizationRates", "nvmlDeviceGetMemoryInfo", "nvmlDeviceGetPowerUsage",
                  "nvmlDeviceGetTemperature", "nvmlDeviceGetClockInfo",
                  "nvmlDeviceGetTotalEnergyConsumption", "nvmlDeviceGetComputeRunningProcesses")


def test_vanishing_processes_and_a_lost_gpu_do_not_stop_sampling(tmp_path: Path) -> None:
    script = tmp_path / "churn.py"
    script.write_text(textwrap.dedent(CHURN))
    nvml = fake_gpus(1)
    session = ScriptSession([ScriptSpec(script=str(script), args=("1.5",))], sample_rate_hz=20)
    session.open_gpu = lambda: GpuContext.open(nvml_module=nvml)

    def lose_gpu() -> None:
        nvml.devices[0].errors = dict.fromkeys(NVML_FUNCTIONS, NVML_ERROR_GPU_IS_LOST)

    threading.Timer(0.7, lose_gpu).start()
    record = session.run()
    (run,) = load_snapshot(save_snapshot(record, tmp_path / "churn.fwprof")).runs

    assert run.status == "ok" and len(run.steps) > 10
    resources = run.resources
    assert resources["samples"] >= 0.7 * 20 * resources["duration_s"]  # ticks kept coming
    busy = run.series["series"]["columns"]["gpu0_busy_percent"]
    measured = [v for v in busy if v is not None and math.isfinite(v)]
    assert measured and busy[-1] is None  # measured before the loss, NaN after it
    assert "GPU is lost" in run.series["series"]["unavailable"]["gpu0_busy_percent"]
    assert any("exited" in note for note in run.series["notes"])  # children seen, then gone
    assert not left_behind([run.pid or 0])

    again = ScriptSession([ScriptSpec(script=str(script), args=("0.5",))], sample_rate_hz=20).run()
    assert again.runs[0].status == "ok" and again.runs[0].resources["samples"] >= 5
