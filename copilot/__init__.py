"""AR Copilot application: settings, database, services, CLI (the only layer doing I/O)."""
