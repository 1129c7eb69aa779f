"""What a run runs, beyond the built-in :class:`~fwprof.config.RunSpec`: one module per kind.

Specs are part of the data model that sessions fill and snapshots store, so they sit below
every scenario; a scenario that needs a new kind of run adds its spec here.
"""
