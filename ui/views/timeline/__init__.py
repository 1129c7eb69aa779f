"""The stacked timelines every scenario draws (live, from a snapshot, or two overlaid)."""
