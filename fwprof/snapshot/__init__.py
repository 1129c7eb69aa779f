"""The ``.fwprof`` snapshot file: one whole session, versioned, validated, written atomically."""

from fwprof.snapshot.io import SnapshotError, load_snapshot, save_snapshot

__all__ = ["SnapshotError", "load_snapshot", "save_snapshot"]
