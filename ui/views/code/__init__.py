"""The Code tab: the built-in workloads' source in both frameworks."""
