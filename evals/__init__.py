"""Evaluation datasets, scorecards and benchmarks."""
