"""The HTTP API: one router per resource under ``/api``, roles checked by dependencies."""
