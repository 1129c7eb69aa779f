"""A child dies with fwprof: Linux's parent-death signal, armed as the child starts.

fwprof passes its pid in ``FWPROF_PARENT_PID``. :func:`die_with_parent` asks the kernel to send
SIGKILL to this process when its parent dies (``prctl(PR_SET_PDEATHSIG)``), then checks that the
parent is still the one named: if fwprof died before the signal was armed, the child was
already handed to another parent and ends itself at once. The variable is removed from the
environment so the run's own subprocesses do not act on it (fwprof's process guard and the run
token end those, see :mod:`fwprof.launch.guard`).

The signal comes when the *thread* that started the child ends; fwprof waits for every child in
the thread that started it, so that thread outlives the child.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import MutableMapping

from fwprof.protocol import PARENT_PID_ENV

PR_SET_PDEATHSIG = 1


def die_with_parent(env: MutableMapping[str, str] | None = None) -> bool:
    """Arm the parent-death signal if fwprof started this process; True when armed."""
    environ = os.environ if env is None else env
    expected = environ.pop(PARENT_PID_ENV, "")
    if sys.platform != "linux" or not expected.isdigit():
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        armed: bool = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False
    if os.getppid() != int(expected):  # fwprof is already gone: nobody would read our results
        os.kill(os.getpid(), signal.SIGKILL)
    return bool(armed)
