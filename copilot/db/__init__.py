"""Database: typed models, the exact amount type, engine and migrations."""
