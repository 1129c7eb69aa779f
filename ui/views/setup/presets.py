"""Named starting points for the run setup (defined in the core, shared with the CLI)."""

from fwprof.presets import FULL, PRESETS, QUICK, apply_preset

__all__ = ["FULL", "PRESETS", "QUICK", "apply_preset"]
