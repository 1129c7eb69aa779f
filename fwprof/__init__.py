"""fwprof: compare TensorFlow and PyTorch on your own machine, fairly, while sampling resources."""

__version__ = "0.1.0"
