"""Planning a run: the setup panel, its presets and estimate, the interpreter settings."""
