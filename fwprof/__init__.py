"""fwprof: compare TensorFlow and PyTorch on your own machine, fairly, while sampling resources.

In a script run by ``fwprof profile``, ``fwprof.step()`` marks a step and
``with fwprof.phase("eval"):`` marks a span; both do nothing when the script runs on its own.
"""

from fwprof.scenarios.profile.api import is_profiling, phase, step
from fwprof.version import __version__

__all__ = ["__version__", "is_profiling", "phase", "step"]
