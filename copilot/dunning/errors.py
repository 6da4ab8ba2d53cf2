"""The one error of dunning services: what was asked cannot be done, and why, in one line."""

from __future__ import annotations


class DunningError(ValueError):
    """A plan, draft, approval or send that cannot be carried out (bad instalment, wrong status…)."""
