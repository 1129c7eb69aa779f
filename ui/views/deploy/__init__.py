"""The deployment scenario (``--task deploy``): formats, sizes and latencies."""
