"""The parent's side of a child: events, crashes, timeouts, stops, and no orphans."""

from __future__ import annotations

import sys
import textwrap
import threading
from pathlib import Path

import psutil
import pytest

from fwprof.config import PhaseTimeouts
from fwprof.launch.child_process import ChildProcess
from fwprof.protocol import Event

PRELUDE = textwrap.dedent(
    """
    import os, sys, time
    sys.path.insert(0, {root!r})
    from fwprof.child.emitter import EventEmitter
    em = EventEmitter(int(sys.argv[1]))
    """
)


def _child(tmp_path: Path, body: str, timeouts: PhaseTimeouts | None = None,
           events: list[Event] | None = None) -> ChildProcess:
    script = tmp_path / "child.py"
    root = str(Path(__file__).resolve().parents[1])
    script.write_text(PRELUDE.format(root=root) + textwrap.dedent(body))
    sink = events if events is not None else []
    return ChildProcess([sys.executable, str(script), "{event_fd}"], {"PATH": "/usr/bin:/bin"},
                        timeouts or PhaseTimeouts(), on_event=sink.append)


def _alive(pids: list[int]) -> list[int]:
    return [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"]


def test_events_stdout_and_exit_code_are_collected(tmp_path: Path) -> None:
    events: list[Event] = []
    child = _child(tmp_path, """
        print("hello from stdout"); print("oops", file=sys.stderr)
        with em.phase("build"):
            pass
        em.emit("done")
    """, events=events)
    child.start()
    outcome = child.wait()
    assert outcome.exit_code == 0 and outcome.reason is None and outcome.saw_done
    assert [e["k"] for e in events] == ["phase_start", "phase_end", "done"]
    assert "hello from stdout" in outcome.stdout_tail and "oops" in outcome.stderr_tail


def test_segfault_is_reported_with_the_signal(tmp_path: Path) -> None:
    child = _child(tmp_path, "import signal; os.kill(os.getpid(), signal.SIGSEGV)")
    child.start()
    outcome = child.wait()
    assert outcome.exit_code == -11 and not outcome.saw_done


def test_phase_timeout_kills_the_whole_tree(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    child = _child(tmp_path, f"""
        import subprocess
        g = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        open({str(pid_file)!r}, "w").write(str(g.pid))
        em.emit("phase_start", phase="warmup")
        time.sleep(120)
    """, timeouts=PhaseTimeouts(warmup_s=1.0))
    pid = child.start()
    outcome = child.wait()
    assert outcome.reason == "timeout: phase 'warmup' took longer than 1 s"
    grandchild = int(pid_file.read_text())
    assert _alive([pid, grandchild]) == []


def test_stop_request_from_another_thread_ends_the_child(tmp_path: Path) -> None:
    child = _child(tmp_path, "em.emit('phase_start', phase='measure'); time.sleep(120)")
    pid = child.start()
    threading.Timer(0.5, child.request_stop).start()
    outcome = child.wait()
    assert outcome.reason == "stopped by user"
    assert _alive([pid]) == []


def test_bad_event_lines_are_kept_as_a_note_not_a_crash(tmp_path: Path) -> None:
    events: list[Event] = []
    child = _child(tmp_path, "os.write(em._fd, b'garbage\\n'); em.emit('done')", events=events)
    child.start()
    outcome = child.wait()
    assert [e["k"] for e in events] == ["done"]
    assert "bad event from child" in outcome.stderr_tail


@pytest.mark.parametrize("startup_s", [1.0])
def test_a_child_that_never_reports_hits_the_startup_timeout(tmp_path: Path, startup_s: float) -> None:
    child = _child(tmp_path, "time.sleep(60)", timeouts=PhaseTimeouts(startup_s=startup_s))
    child.start()
    assert child.wait().reason == "timeout: start-up took longer than 1 s"
