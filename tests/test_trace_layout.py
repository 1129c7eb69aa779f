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


_TB_LOADER = '''
import sys
from pathlib import Path
from torch_tb_profiler import io, utils
from torch_tb_profiler.profiler.loader import RunLoader

def main():
    logdir = sys.argv[1]
    runs = [root for root, _, files in io.walk(logdir) if any(utils.is_chrome_trace_file(f) for f in files)]
    for run_dir in runs:
        run = RunLoader(Path(run_dir).name, run_dir, io.Cache()).load()
        print(run.name, ",".join(run.workers), ",".join(v.name for v in run.views))

if __name__ == "__main__":
    main()
'''


def test_torch_tb_profilers_own_loader_opens_the_export(tmp_path: Path) -> None:
    """Where torch-tb-profiler is installed (it is not a dependency): its loader reads the run."""
    pytest.importorskip("torch_tb_profiler.profiler.loader")
    code = ("import torch\nfrom torch.profiler import profile, schedule, tensorboard_trace_handler\n"
            f"with profile(schedule=schedule(wait=0, warmup=1, active=2, repeat=1), on_trace_ready="
            f"tensorboard_trace_handler({str(tmp_path / 'native')!r})) as prof:\n"
            "    for _ in range(3):\n        torch.ones(64, 64) @ torch.ones(64, 64)\n        prof.step()\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)
    [native] = (tmp_path / "native").iterdir()
    record = _traced_record()
    record.runs[0].events[-1]["files"] = [pack_file(native.read_bytes(), "torch.trace.json", CHROME_FORMAT)]
    export(record, "framework-trace", tmp_path / "logdir")
    script = tmp_path / "load.py"
    script.write_text(_TB_LOADER)
    result = subprocess.run([sys.executable, str(script), str(tmp_path / "logdir")], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    [line] = result.stdout.split("\n")[:1]
    name, workers, views = line.split()
    assert (name, workers) == ("r001-torch-mlp-train-eager", "r001")
    assert {"overall", "operator", "trace"} <= set(views.split(","))
