"""Every scenario fwprof runs, one folder each, all plugged into :mod:`fwprof.scenarios.registry`."""
