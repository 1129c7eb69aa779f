"""The parent's side of a child: events, crashes, timeouts, stops, and no orphans."""

from __future__ import annotations

import itertools
import sys
import textwrap
import threading
import time
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


def _wakeups_of_this_thread() -> int:
    status = Path(f"/proc/self/task/{threading.get_native_id()}/status").read_text()
    return int(status.split("voluntary_ctxt_switches:")[1].split()[0])


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="no /proc")
def test_waiting_on_a_quiet_child_wakes_for_ticks_and_stops_not_on_a_timer(tmp_path: Path) -> None:
    # On a machine whose every core runs one of the child's threads, each wake-up of fwprof
    # stalls them all: waiting must not poll.
    child = _child(tmp_path, "em.emit('phase_start', phase='measure'); time.sleep(120)")
    child.start()
    ticks: list[float] = []
    stop_at = [0.0]

    def tick() -> None:
        ticks.append(time.monotonic())
        if len(ticks) == 3:
            stop_at[0] = time.monotonic()
            threading.Timer(0.2, child.request_stop).start()

    before = _wakeups_of_this_thread()
    outcome = child.wait(on_tick=tick, tick_s=0.5)
    stopped_after = time.monotonic() - stop_at[0] - 0.2
    wakeups = _wakeups_of_this_thread() - before
    assert outcome.reason == "stopped by user"
    assert [round(b - a, 1) for a, b in itertools.pairwise(ticks)] == [0.5, 0.5]
    assert stopped_after < 1.0  # the stop request woke it: no waiting for a tick
    # About 1.9 s of waiting: the ticks, the stop, the child's one event and its exit, plus the
    # clean-up; the 50 ms polling this replaced made ~40.
    assert wakeups < 20


def test_a_child_that_exits_while_its_grandchild_holds_the_pipe_ends_the_wait(
        tmp_path: Path) -> None:
    child = _child(tmp_path, """
        import subprocess
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], pass_fds=(em._fd,))
        em.emit("done")
    """)
    child.start()
    started = time.monotonic()
    outcome = child.wait()
    assert outcome.saw_done and outcome.exit_code == 0
    assert time.monotonic() - started < 10  # the child's exit, not the grandchild's, ended it
