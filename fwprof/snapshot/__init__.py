"""The ``.fwprof`` snapshot file: one whole session, versioned, validated, written atomically.

Saving with its summary: :func:`fwprof.outputs.snapshot.save_snapshot`.
"""

from fwprof.snapshot.io import SnapshotError, load_snapshot, write_snapshot

__all__ = ["SnapshotError", "load_snapshot", "write_snapshot"]
