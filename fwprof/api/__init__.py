"""fwprof from Python: open snapshots as typed objects, sample a block of code.

- :func:`load`: a ``.fwprof`` snapshot as a :class:`Session` (runs, verdicts, environment;
  steps and samples as pandas DataFrames).
- :func:`sample`: ``with fwprof.sample() as s:`` samples this process and its children.

docs/api.md is the reference, with a worked example.
"""

from fwprof.api.live import Sampling, sample
from fwprof.api.model import Environment, Run, Session, Verdict, load

__all__ = ["Environment", "Run", "Sampling", "Session", "Verdict", "load", "sample"]
