"""Deterministic engines: pure functions, no I/O, no clock, no LLM."""
