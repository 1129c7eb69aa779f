"""Two snapshots side by side (File ▸ Compare Snapshots…)."""
