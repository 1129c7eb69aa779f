"""fwprof's version (its own module, so that low layers read it without importing the API)."""

__version__ = "0.1.0"
