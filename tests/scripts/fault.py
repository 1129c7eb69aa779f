"""A script for the fault tests: records some steps, then fails the way its first argument says.

    python fault.py KIND PIDFILE [MARKER]

KIND: ``ok``; ``raise``; ``segfault`` (a real one, through ctypes); ``abort``; ``memory`` (limits
its own address space, then allocates 1 GiB); ``sleep`` (waits to be killed from outside);
``spawn-and-die`` (exits while the processes it started live on); ``forever`` (steps every 10 ms
until killed, writing ``STEPS MONOTONIC_TIME`` to PIDFILE.count).

Before failing it has made 5 steps and waited until fwprof received them, then written the pids
of itself and of every process it started to PIDFILE. With ``sleep``, ``spawn-and-die`` and
``forever`` it starts three sleepers whose command line holds MARKER: one in its process group,
one in a session of its own (``setsid``), one double-forked daemon (``MARKER-child``).
"""

import ctypes
import os
import resource
import subprocess
import sys
import time

import fwprof

STEPS = 5


def spawn(marker: str) -> list[int]:
    tag = f"{marker}-child"
    sleeper = [sys.executable, "-c", "import sys, time; time.sleep(300)", tag]
    in_group = subprocess.Popen(sleeper)
    escaped = subprocess.Popen(sleeper, start_new_session=True)
    read_end, write_end = os.pipe()
    if os.fork() == 0:  # a daemon: double fork, own session, parent gone
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, sleeper)
        os._exit(0)
    os.wait()
    os.close(write_end)
    time.sleep(0.2)
    daemons = [p for p in _pids_with(tag) if p not in (in_group.pid, escaped.pid)]
    os.close(read_end)
    return [in_group.pid, escaped.pid, *daemons]


def _pids_with(marker: str) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                if marker.encode() in handle.read().split(b"\0"):
                    found.append(int(name))
        except (OSError, ValueError):
            continue
    return found


def write(path: str, text: str) -> None:
    with open(path + ".tmp", "w") as handle:
        handle.write(text)
    os.replace(path + ".tmp", path)


def main() -> None:
    kind, pidfile = sys.argv[1], sys.argv[2]
    marker = sys.argv[3] if len(sys.argv) > 3 else ""
    pids = [os.getpid()]
    if kind in ("sleep", "spawn-and-die", "forever"):
        pids += spawn(marker)
    for _ in range(STEPS):
        fwprof.step()
        time.sleep(0.01)
    time.sleep(0.5)  # the recorder sends steps every 0.25 s
    write(pidfile, " ".join(map(str, pids)))
    if kind == "raise":
        raise RuntimeError("injected fault")
    if kind == "segfault":
        ctypes.string_at(0)
    if kind == "abort":
        os.abort()
    if kind == "memory":
        ctypes.CDLL("libgcc_s.so.1")  # thread exit loads it: have it before the address space is full
        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (used + (64 << 20), resource.RLIM_INFINITY))
        blob = bytearray(1 << 30)
        print(len(blob))
    if kind == "sleep":
        time.sleep(300)
    if kind == "spawn-and-die":
        os._exit(3)
    if kind == "forever":
        count = STEPS
        while True:
            fwprof.step()
            count += 1
            if count % 10 == 0:
                write(pidfile + ".count", f"{count} {time.monotonic()}")
            time.sleep(0.01)


if __name__ == "__main__":
    main()
