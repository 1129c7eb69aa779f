"""Statistics over measured steps: per run, across repeats, and between frameworks."""
