"""Generated worlds shared by the eval tests (built once per session)."""

from __future__ import annotations

import pytest

from evals.world import World, generate_world
from tests.evals.outputs import AS_OF


@pytest.fixture(scope="session")
def small_world() -> World:
    """A world small enough to load through the CLI in a test."""
    return generate_world(5, as_of=AS_OF, customers=40, payments=130)


@pytest.fixture(scope="session")
def full_world() -> World:
    """A world of the default size (150 customers, 600 payments)."""
    return generate_world(21, as_of=AS_OF)
