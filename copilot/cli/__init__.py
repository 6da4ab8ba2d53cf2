"""The ``arcopilot`` command line: one module per command group."""
