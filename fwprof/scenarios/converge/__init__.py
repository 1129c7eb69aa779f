"""Time to accuracy: train the same model in both frameworks on real data and compare the curves.

``fwprof run --task converge --workload mlp,cnn`` trains the 8x8x1 variants of the built-in
classifiers on scikit-learn's digits (1,797 labelled 8x8 images, shipped with the package) in
both frameworks, with the same architecture, initialiser family, optimizer, learning-rate
schedule, batch order (one NumPy permutation per epoch from the seed, identical in both) and
seeds, each (framework, workload, seed) in a fresh child process. Every few steps the child
evaluates on a held-out split (fixed by its own seed) and reports an ``info`` event.

Modules, in data-flow order: :mod:`~fwprof.scenarios.converge.config` (what a session trains),
:mod:`~fwprof.scenarios.converge.data` and :mod:`~fwprof.scenarios.converge.schedule` (shared by
both frameworks),
:mod:`~fwprof.scenarios.converge.plan` and :mod:`~fwprof.scenarios.converge.session` (the parent side),
:mod:`fwprof.scenarios.converge.child` (the child: loop and one trainer per framework),
:mod:`~fwprof.scenarios.converge.curves`, :mod:`~fwprof.scenarios.converge.parity` and
:mod:`~fwprof.scenarios.converge.summary` (the ``converge`` section of the
summary, typed row by row in :mod:`~fwprof.scenarios.converge.section`),
:mod:`~fwprof.scenarios.converge.cells` (its cells, shared by every view),
:mod:`~fwprof.scenarios.converge.table` (its text table),
:mod:`~fwprof.scenarios.converge.html` and :mod:`~fwprof.scenarios.converge.markdown` (its exports) and
:mod:`~fwprof.scenarios.converge.args` (its options) and
:mod:`~fwprof.scenarios.converge.scenario` (its plug).
"""
