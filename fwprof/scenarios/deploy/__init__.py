"""Inference and deployment: export each workload to a format, then load, check and time it.

``fwprof run --task deploy`` plans four runs per (framework, workload, format), each in a fresh
child process (:mod:`fwprof.scenarios.deploy.child`) that reports over the usual event pipe:

``export``      build the eager model, save reference inputs and outputs, export the artifact
                (time, size on disk, captured warnings);
``load``        load the artifact and run a first inference; numerical parity against the
                eager model's outputs (fails beyond a relative difference of 1e-4);
``latency``     single-stream queries at batch 1 (p50 / p90 / p99);
``throughput``  offline batches at the throughput batch size (samples/s with its 95 % CI).

Modules: :mod:`~fwprof.deploy_formats` (formats, stages),
:mod:`~fwprof.specs.deploy` (a run's
spec), :mod:`~fwprof.scenarios.deploy.plan` (the runs of a session), :mod:`~fwprof.scenarios.deploy.workspace`
(artifact folders, which stage may run), :mod:`~fwprof.scenarios.deploy.section` (the typed
``deploy`` rows of the summary),
:mod:`~fwprof.scenarios.deploy.summary` (building them from the runs),
:mod:`~fwprof.scenarios.deploy.cells` (their cells as text, shared by every view) and
:mod:`~fwprof.scenarios.deploy.table` (the text table).
The child
side is :mod:`fwprof.scenarios.deploy.child` and one module per format in
:mod:`fwprof.scenarios.deploy.formats`.
"""
