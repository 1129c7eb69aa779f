"""fwprof.step() / fwprof.phase(), the child-side recorder and the post-import hook."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from script_helpers import read_events

import fwprof
from fwprof.child.emitter import EventEmitter
from fwprof.scenarios.profile import api
from fwprof.scenarios.profile.import_hooks import PostImportFinder
from fwprof.scenarios.profile.recorder import ScriptRecorder

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    read_fd, write_fd = os.pipe()
    yield read_fd, write_fd
    for fd in (read_fd, write_fd):
        with contextlib.suppress(OSError):
            os.close(fd)


def test_import_fwprof_is_light_and_the_api_is_a_no_op_without_fwprof() -> None:
    code = textwrap.dedent("""
        import json, sys
        import fwprof
        heavy = [m for m in ("numpy", "psutil", "torch", "tensorflow", "keras") if m in sys.modules]
        fwprof.step()
        with fwprof.phase("eval"):
            pass
        print(json.dumps({"heavy": heavy, "profiling": fwprof.is_profiling()}))
    """)
    env = {**os.environ, "FWPROF_EVENTS": "1:1"}  # another process's fd: must be ignored
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=60, check=True)
    assert json.loads(out.stdout) == {"heavy": [], "profiling": False}


def test_recorder_durations_sources_and_manual_precedence(pipe: tuple[int, int]) -> None:
    read_fd, write_fd = pipe
    recorder = ScriptRecorder(EventEmitter(write_fd), started=10.0)
    recorder.step("torch", end=11.0)  # first step: measured from the script's start
    recorder.step("keras", count=2, end=12.0)  # two at once: spread since the previous step
    recorder.flush()
    recorder.step("manual", end=13.0)
    recorder.step("torch", end=14.0)  # ignored once the script calls fwprof.step()
    recorder.phase_start("eval")
    recorder.phase_end("eval")
    recorder.close(exit_code=0)
    events = read_events(read_fd)
    steps = {e["src"]: (e["end"], e["dur"]) for e in events if e["k"] == "steps"}
    assert steps["torch"] == ([11.0], [1.0])
    assert steps["keras"] == ([11.5, 12.0], [0.5, 0.5])  # one time line for every source
    assert steps["manual"] == ([13.0], [3.0])
    assert [e["k"] for e in events if e["k"] != "steps"] == ["phase_start", "phase_end", "done"]
    assert recorder.manual


def test_a_forked_child_reports_nothing(pipe: tuple[int, int]) -> None:
    read_fd, write_fd = pipe
    recorder = ScriptRecorder(EventEmitter(write_fd), started=0.0)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked child
        recorder.step("torch")
        recorder.flush()
        recorder.phase_start("x")
        os._exit(0)
    os.waitpid(pid, 0)
    recorder.step("torch", end=1.0)
    recorder.flush()
    events = read_events(read_fd)
    assert [(e["k"], len(e["end"])) for e in events] == [("steps", 1)]


def test_api_reports_through_the_installed_recorder(pipe: tuple[int, int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    read_fd, write_fd = pipe
    monkeypatch.setattr(api, "_recorder", None)
    monkeypatch.setattr(api, "_resolved", False)
    monkeypatch.setenv(api.EVENTS_ENV, f"{write_fd}:{os.getpid()}")
    fwprof.step()
    with fwprof.phase("eval"):
        fwprof.step()
    assert fwprof.is_profiling()
    api._recorder.flush()  # type: ignore[union-attr]
    kinds = [(e["k"], e.get("phase") or len(e.get("end", []))) for e in read_events(read_fd)]
    assert kinds == [("steps", 1), ("phase_start", "eval"), ("steps", 1), ("phase_end", "eval")]


def test_post_import_hook_runs_after_the_module_executes(tmp_path: Path, pipe: tuple[int, int],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    read_fd, write_fd = pipe
    (tmp_path / "fakefw.py").write_text("READY = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    seen: list[bool] = []
    recorder = ScriptRecorder(EventEmitter(write_fd), started=0.0)
    finder = PostImportFinder({"fakefw": lambda module: seen.append(module.READY)}, recorder)
    finder.install()
    try:
        assert "fakefw" not in sys.modules and seen == []
        import fakefw  # noqa: F401

        assert seen == [True]
    finally:
        sys.meta_path.remove(finder)
        sys.modules.pop("fakefw", None)
    phases = [(e["k"], e["phase"]) for e in read_events(read_fd)]
    assert phases == [("phase_start", "import fakefw"), ("phase_end", "import fakefw")]
