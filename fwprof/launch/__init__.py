"""Parent side of a run: plan the runs, spawn each child, read its events, keep the results."""
