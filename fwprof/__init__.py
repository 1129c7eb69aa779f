"""fwprof: compare TensorFlow and PyTorch on your own machine, fairly, while sampling resources.

In a script run by ``fwprof profile``, ``fwprof.step()`` marks a step and
``with fwprof.phase("eval"):`` marks a span; both do nothing when the script runs on its own.

From Python, ``fwprof.load(path)`` opens a snapshot and ``with fwprof.sample() as s:`` samples a
block of code (:mod:`fwprof.api`, imported on first use so ``import fwprof`` stays light).
"""

from typing import TYPE_CHECKING, Any

from fwprof.scenarios.profile.api import is_profiling, phase, step
from fwprof.version import __version__

if TYPE_CHECKING:
    from fwprof.api import load, sample

__all__ = ["__version__", "is_profiling", "load", "phase", "sample", "step"]

_LAZY = frozenset({"load", "sample"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import fwprof.api

        return getattr(fwprof.api, name)
    raise AttributeError(f"module 'fwprof' has no attribute {name!r}")
