"""Bank statement readers, one module per format."""
