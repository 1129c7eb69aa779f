"""``framework-trace`` writes the layout TensorBoard's profile plugin, XProf and torch-tb-profiler
look for: checked against what the real profilers write and against the plugins' own rules."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from export_records import synthetic_session

from fwprof.export import export
from fwprof.results import SessionRecord
from fwprof.trace.payload import CHROME_FORMAT, XPLANE_FORMAT, pack_file

# torch-tb-profiler's file rule (pytorch/kineto, tb_plugin/torch_tb_profiler/consts.py): a run is
# a folder holding files named ``<worker>[.<span>].pt.trace.json[.gz]``.
WORKER_PATTERN = re.compile(r"^(.*?)(\.\d+)?\.pt\.trace\.json(?:\.gz)?$")

TORCH_TRACE = b'{"traceEvents": [{"name": "aten::addmm", "ph": "X", "ts": 1, "dur": 5, "pid": 1, "tid": 1}]}'
XPLANE = b"\x0a\x00"  # the bytes do not matter to the layout


def _traced_record() -> SessionRecord:
    record = synthetic_session()
    record.environment["hostname"] = "gpu-box"
    for run in record.runs:
        files = ([pack_file(TORCH_TRACE, "torch.trace.json", CHROME_FORMAT)]
                 if run.run_spec.framework == "torch" else
                 [pack_file(XPLANE, "tensorflow.xplane.pb", XPLANE_FORMAT),
                  pack_file(TORCH_TRACE, "tensorflow.trace.json", CHROME_FORMAT)])
        run.events.append({"k": "trace", "t": 1.0, "v": 1, "steps": 2, "files": files, "operators": []})
    return record


def torch_tb_profiler_runs(logdir: Path) -> dict[str, list[str]]:
    """Runs and workers as torch-tb-profiler finds them: every folder with matching files."""
    runs: dict[str, list[str]] = {}
    for root, _, files in os.walk(logdir):
        workers = [m.group(1) for f in sorted(files) if (m := WORKER_PATTERN.match(f))]
        if workers:
            runs[Path(root).relative_to(logdir).as_posix()] = workers
    return runs


def test_torch_traces_are_one_tensorboard_run_each(tmp_path: Path) -> None:
    export(_traced_record(), "framework-trace", tmp_path)
    assert torch_tb_profiler_runs(tmp_path) == {"r001-torch-mlp-train-eager": ["r001"]}


def test_tensorflow_traces_sit_where_the_profile_plugin_lists_runs(tmp_path: Path) -> None:
    written = export(_traced_record(), "framework-trace", tmp_path)
    relative = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    assert "plugins/profile/r002-tensorflow-mlp-train-eager/gpu-box.xplane.pb" in relative
    assert "r002-tensorflow-mlp-train-eager/tensorflow.trace.json" in relative  # for Perfetto
    assert not any(WORKER_PATTERN.match(Path(p).name) for p in relative if "tensorflow" in p)


def test_torch_file_name_follows_torchs_own_tensorboard_handler(tmp_path: Path) -> None:
    """``torch.profiler.tensorboard_trace_handler`` names its file the way the plugin expects."""
    code = ("import torch\nfrom torch.profiler import profile, tensorboard_trace_handler\n"
            f"with profile(on_trace_ready=tensorboard_trace_handler({str(tmp_path / 'torch')!r})):\n"
            "    torch.ones(2, 2) @ torch.ones(2, 2)\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)
    [native] = (tmp_path / "torch").iterdir()
    assert WORKER_PATTERN.match(native.name)
    export(_traced_record(), "framework-trace", tmp_path / "ours")
    [ours] = (tmp_path / "ours").rglob("*.pt.trace.json")
    assert ours.name.endswith(native.name[native.name.index(".pt.trace.json"):])
    assert len(ours.relative_to(tmp_path / "ours").parts) == 2  # <logdir>/<run>/<worker>...


@pytest.mark.slow
def test_tensorflow_layout_matches_what_tensorflow_writes(tmp_path: Path) -> None:
    code = ("import tensorflow as tf\n"
            f"tf.profiler.experimental.start({str(tmp_path / 'tf')!r})\n"
            "tf.matmul(tf.ones((2, 2)), tf.ones((2, 2)))\ntf.profiler.experimental.stop()\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300, capture_output=True)
    [native] = (tmp_path / "tf").rglob("*.xplane.pb")
    export(_traced_record(), "framework-trace", tmp_path / "ours")
    [ours] = (tmp_path / "ours").rglob("*.xplane.pb")
    native_parts = native.relative_to(tmp_path / "tf").parts
    ours_parts = ours.relative_to(tmp_path / "ours").parts
    assert native_parts[:2] == ours_parts[:2] == ("plugins", "profile")
    assert len(native_parts) == len(ours_parts) == 4  # plugins/profile/<run>/<host>.xplane.pb
