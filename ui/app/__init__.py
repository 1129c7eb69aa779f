"""Start-up and the main window: the only layer that knows every other (see :mod:`ui`)."""
