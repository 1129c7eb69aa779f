"""The comparison: the same workloads in both frameworks, ABBA pairs of fresh processes, a verdict.

Its runs are the built-in session's matrix (:mod:`fwprof.launch.session`); the figures, pairs
and decisions are computed in :mod:`fwprof.report` and :mod:`fwprof.stats`. Here:
:mod:`~fwprof.scenarios.compare.rounds` (pairs added while undecided) and
:mod:`~fwprof.scenarios.compare.scenario` (its plug into the registry).
"""
