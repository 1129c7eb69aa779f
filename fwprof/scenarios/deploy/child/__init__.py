"""Child side of deploy runs: ``python -m fwprof.scenarios.deploy.child --event-fd N --spec JSON``.

One process runs one stage (:mod:`fwprof.scenarios.deploy.child.stages`) and reports over the event pipe
like any built-in run: phases, ``info`` (framework and runtime versions, artifact size,
warnings, parity) and, for the timed stages, one step per query.
"""
