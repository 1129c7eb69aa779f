"""Code that runs inside the child process: one run, reported as events over a pipe.

Only this package (and ``fwprof.workloads``) imports a DL framework, always inside functions.
"""
