"""Data-parallel training across worker processes: PyTorch DDP vs TensorFlow MultiWorkerMirroredStrategy.

Parent side (runs in fwprof): :mod:`.config` (what to run), :mod:`.group` (one launch of a
group of ranks), :mod:`.session` (the session that runs each launch as one child and samples
its whole process tree), :mod:`.scaling` and :mod:`.report` (throughput vs workers).

Launch side (one child process per launch): :mod:`.launcher` starts the ranks through
``torchrun`` or as TensorFlow workers (:mod:`.agents`), reads each rank's events from its own
connection to a Unix socket (:mod:`.channel`) and reports the group as one run
(:mod:`.aggregate`). Rank side: :mod:`.worker` runs the phases through a :mod:`.rank` backend,
:mod:`.torch_ddp` or :mod:`.tf_mwms`. The command line's side is :mod:`.command`.

Multi-node sessions are merged with :mod:`.merge`. See ``docs/distributed.md``.
"""
