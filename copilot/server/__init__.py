"""``arcopilot serve``: one FastAPI application for the API, the web UI and Slack."""
