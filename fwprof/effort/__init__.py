"""The cost of getting started in each framework: code to write, and time to the first step.

:mod:`~fwprof.effort.source` measures the built-in workloads' own source files (lines of code
and tokens per model, parsed with ``ast`` and ``tokenize``: no framework is imported);
:mod:`~fwprof.effort.startup` measures each run's import, build, first step, compile or trace
time and retrace / recompile counts (the summary's ``startup`` rows); :mod:`~fwprof.effort.table`
renders both as text.
"""
