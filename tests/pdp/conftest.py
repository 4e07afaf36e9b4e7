"""PDP fixtures: the cell of the world's centre (a coordinator designated by the physician)."""

import pytest
from django.test import Client

from accounts.enums import StaffRole
from tests.conftest import login
from tests.pdp.factories import cell_member


@pytest.fixture
def coordinator(world):
    """The cell's coordinator: a chargée de maintien en emploi designated by the physician."""
    return cell_member(world.center, is_coordinator=True, designated_by=world.actors["physician"])


@pytest.fixture
def social_worker(world):
    return cell_member(world.center, role=StaffRole.SOCIAL_WORKER, function="social_worker")


@pytest.fixture
def client_as():
    def make(user) -> Client:
        return login(Client(), user)

    return make
