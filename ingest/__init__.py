"""Readers that turn files into typed records; no database, no network, no clock."""
