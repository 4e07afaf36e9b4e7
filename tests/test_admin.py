"""The Django admin is a superusers' console only."""

import pytest
from django.test import Client

from tests.accounts.factories import StaffUserFactory
from tests.conftest import login


@pytest.mark.django_db
@pytest.mark.parametrize(("is_superuser", "status"), [(False, 302), (True, 200)])
def test_only_superusers_reach_the_django_admin(is_superuser, status):
    user = StaffUserFactory(is_staff=True, is_superuser=is_superuser)
    client = login(Client(), user)
    assert client.get("/admin/adherents/adherent/").status_code == status
