"""Framework profiler traces (``fwprof run --trace``): packing, operator categories, tables.

The child (:mod:`fwprof.child.tracing`) profiles a few steps after the measure phase and sends
one ``trace`` event; everything here is plain Python that reads or builds that event's fields.
"""
