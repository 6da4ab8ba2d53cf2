"""The Slack listeners, one package per kind of request, each with ``register(app, context)``."""
