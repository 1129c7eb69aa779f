"""The process guard's own program: ends a session's runs if the fwprof that started it dies.

Run as ``python -I -S guard_main.py`` (standard library only, so it starts in milliseconds) with
its stdin a pipe from fwprof, which writes one line per change::

    + PGID TOKEN     a run started: its process group, and the token in its environment
    - PGID TOKEN     that run ended and fwprof cleaned up after it
    exit             the session ended normally: quit without touching anything

End of input without ``exit`` means fwprof died (killed, crashed): every process group still
listed gets SIGKILL, and so does every process whose environment holds a listed token (those
that left their group). This file must not import fwprof (it runs without fwprof's folder on
``sys.path``).
"""

import contextlib
import os
import signal
import sys
import time

TOKEN_ENV = "FWPROF_RUN_TOKEN"


Run = tuple[int, str]


def main() -> int:
    runs: set[Run] = set()
    for line in sys.stdin:
        parts = line.split()
        if parts == ["exit"]:
            return 0
        if len(parts) == 3 and parts[0] in "+-" and parts[1].isdigit():
            entry = (int(parts[1]), parts[2])
            if parts[0] == "+":
                runs.add(entry)
            else:
                runs.discard(entry)
    end_runs(runs)
    return 0


def end_runs(runs: set[Run]) -> None:
    for pgid, _ in runs:
        with contextlib.suppress(OSError):
            os.killpg(pgid, signal.SIGKILL)
    tokens = {f"{TOKEN_ENV}={token}".encode() for _, token in runs}
    for _ in range(5):  # again while marked processes start new ones
        found = marked(tokens)
        if not found:
            return
        for pid in found:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)


def marked(tokens: set[bytes]) -> list[int]:
    found = []
    own = os.getpid()
    for name in os.listdir("/proc") if tokens and os.path.isdir("/proc") else []:
        if not name.isdigit() or int(name) == own:
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as handle:
                entries = set(handle.read().split(b"\0"))
        except OSError:
            continue
        if entries & tokens:
            found.append(int(name))
    return found


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C meant for fwprof is not for us
    sys.exit(main())
