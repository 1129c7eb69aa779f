"""``framework-trace``: the framework profiler files stored by ``fwprof run --trace``, written
in the layout the tools that open them look for, so ``tensorboard --logdir DIR`` finds them::

    DIR/RUN/RUNID.pt.trace.json                  PyTorch (torch-tb-profiler; Perfetto opens it)
    DIR/plugins/profile/RUN/HOST.xplane.pb       TensorFlow (TensorBoard's profile plugin, XProf)
    DIR/RUN/tensorflow.trace.json                TensorFlow as Chrome trace, where xprof made one

``RUN`` is ``RUNID-FRAMEWORK-WORKLOAD-TASK-MODE`` (the run id alone for scripts). The TensorFlow
form is what ``tf.profiler.experimental.start(DIR)`` writes (``plugins/profile/<run>/<host>
.xplane.pb``); the PyTorch form is what ``torch.profiler.tensorboard_trace_handler`` writes
(``<worker>[.<span>].pt.trace.json``, one folder per run).
"""

from __future__ import annotations

import re
from pathlib import Path

from fwprof.atomic import write_atomically
from fwprof.export.base import ExportError
from fwprof.results import RunResult, SessionRecord
from fwprof.trace.operators import trace_event
from fwprof.trace.payload import CHROME_FORMAT, XPLANE_FORMAT, unpack_file

_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]+")
#: The folder TensorBoard's profile plugin and XProf list runs from.
PROFILE_PLUGIN_DIR = Path("plugins", "profile")
#: The suffix torch-tb-profiler looks for (its ``WORKER_PATTERN``).
TORCH_TRACE_SUFFIX = ".pt.trace.json"


def write_framework_traces(record: SessionRecord, path: Path) -> list[Path]:
    """Write every stored trace file under the folder ``path`` (made if missing)."""
    traced = [(run, event) for run in record.runs if (event := trace_event(run)) is not None]
    if not traced:
        raise ExportError("no run in this snapshot has a framework trace (record with fwprof run --trace)")
    host = safe_name(str(record.environment.get("hostname") or "localhost"))
    written = []
    for run, event in traced:
        for entry in event.get("files") or []:
            data = unpack_file(entry) if isinstance(entry, dict) else None
            if data is not None:
                name, file_format = str(entry.get("name", "trace")), str(entry.get("format"))
                target = path / trace_file_path(run, name, file_format, host)
                _make_folder(target.parent)
                written.append(write_atomically(target, data, ExportError, mode=0o644))
    if not written:
        raise ExportError("the snapshot's traces were all dropped (over the size cap) or are damaged")
    return written


def trace_file_path(run: RunResult, name: str, file_format: str, host: str) -> Path:
    """Where one trace file goes, relative to the export folder (see the module's layout)."""
    run_name = run_folder_name(run)
    if file_format == XPLANE_FORMAT:
        return PROFILE_PLUGIN_DIR / run_name / f"{host}.xplane.pb"
    if file_format == CHROME_FORMAT and run.run_spec.framework == "torch" and not run.is_script:
        return Path(run_name, safe_name(run.run_id) + TORCH_TRACE_SUFFIX)
    return Path(run_name, safe_name(name))


def run_folder_name(run: RunResult) -> str:
    """``r001-torch-mlp-train-eager``: safe characters only, never hidden."""
    parts = [run.run_id] if run.is_script else [
        run.run_id, run.run_spec.framework, run.run_spec.workload, run.run_spec.task, run.run_spec.mode]
    return safe_name("-".join(parts))


def safe_name(name: str) -> str:
    """``name`` with anything but letters, digits, ``_.-`` replaced, never hidden or empty."""
    return _UNSAFE.sub("_", name).lstrip(".") or "trace"


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot make folder {folder}: {exc.strerror or exc}") from exc
