"""Time to accuracy: train the same model in both frameworks on real data and compare the curves.

``fwprof run --task converge --workload mlp,cnn`` trains the 8x8x1 variants of the built-in
classifiers on scikit-learn's digits (1,797 labelled 8x8 images, shipped with the package) in
both frameworks, with the same architecture, initialiser family, optimizer, learning-rate
schedule, batch order (one NumPy permutation per epoch from the seed, identical in both) and
seeds, each (framework, workload, seed) in a fresh child process. Every few steps the child
evaluates on a held-out split (fixed by its own seed) and reports an ``info`` event.

Modules, in data-flow order: :mod:`~fwprof.converge.config` (what a session trains),
:mod:`~fwprof.converge.data` and :mod:`~fwprof.converge.schedule` (shared by both frameworks),
:mod:`~fwprof.converge.plan` and :mod:`~fwprof.converge.session` (the parent side),
:mod:`fwprof.converge.child` (the child: loop and one trainer per framework),
:mod:`~fwprof.converge.curves`, :mod:`~fwprof.converge.parity` and
:mod:`~fwprof.converge.summary` (the ``converge`` section of the summary),
:mod:`~fwprof.converge.table` (its text table) and :mod:`~fwprof.converge.command` (the CLI).
"""
