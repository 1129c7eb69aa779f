"""fwprof's core modules are imported by one thread at a time.

Python locks each module while it is imported, not the import as a whole: when two threads
import mutually dependent modules at once, the second can be handed a half-initialised module
and fail ("cannot import name 'RunSampler' from 'fwprof.sampling.sampler'", seen once in eight
cold starts that opened a snapshot while the machine was being probed). Every background thread
of the app calls :func:`import_core` before its work, so the core is imported once, whole, by
whichever thread comes first, while the others wait.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_imported = False


def import_core() -> None:
    """Import what running, summarising and saving a session needs (no DL framework among
    them); returns at once after the first call has finished."""
    global _imported
    if _imported:
        return
    with _lock:
        if _imported:
            return
        import fwprof.export
        import fwprof.launch.session
        import fwprof.report.summary
        import fwprof.snapshot  # noqa: F401

        _imported = True
