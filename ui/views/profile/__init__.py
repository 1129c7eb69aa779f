"""Profiling: your own scripts (Run ▸ Profile Script…) and the top operators of traced runs."""
