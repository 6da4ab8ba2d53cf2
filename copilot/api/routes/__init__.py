"""One router per resource; :mod:`copilot.api.router` assembles them under ``/api``."""
