"""Recommendations: rule-based findings from a session's measurements, each with its evidence.

A rule (:class:`~fwprof.advice.base.Rule`) looks at the summary being built and the runs
behind it and returns :class:`~fwprof.advice.base.Finding` s: a title, the numbers that
triggered it and what to try. :data:`~fwprof.advice.registry.RULES` lists every rule; one module
per group: :mod:`~fwprof.advice.modes` (eager vs graph vs compiled, compile time, retracing),
:mod:`~fwprof.advice.threads`, :mod:`~fwprof.advice.resources` (GPU busy, memory growth),
:mod:`~fwprof.advice.noise` (noisy measurements, outside load, too few repeats) and
:mod:`~fwprof.advice.converge` (convergence parity, target not reached).
See docs/recommendations.md.
"""
