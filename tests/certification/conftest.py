"""Actors of the quality system, added to the shared world (tests/certification/helpers.py)."""

import pytest

from tests.certification.helpers import add_quality_actors


@pytest.fixture
def quality(world):
    """The world plus its quality actors (world.actors gains them)."""
    return add_quality_actors(world)
