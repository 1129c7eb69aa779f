"""The ``fwprof`` command line: one module per subcommand."""
