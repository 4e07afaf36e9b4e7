"""The Django admin is a superusers' console only, behind allauth's login and TOTP."""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import clear_url_caches

from tests.accounts.factories import PASSWORD, StaffUserFactory
from tests.conftest import enrol_totp, login


@pytest.mark.django_db
@pytest.mark.parametrize(("is_superuser", "status"), [(False, 403), (True, 200)])
def test_only_superusers_reach_the_django_admin(is_superuser, status):
    user = StaffUserFactory(is_staff=True, is_superuser=is_superuser)
    client = login(Client(), user)
    assert client.get("/admin/adherents/adherent/", follow=True).status_code == status


def _password_only(user) -> Client:
    """A session opened with the password alone: no TOTP recorded."""
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_password_only_superuser_session_does_not_reach_the_admin():
    superuser = StaffUserFactory(is_staff=True, is_superuser=True)
    enrol_totp(superuser)
    client = _password_only(superuser)
    assert client.get("/admin/", follow=True).status_code == 403
    assert client.get("/admin/accounts/user/", follow=True).status_code == 403


@pytest.mark.django_db
def test_a_password_only_superuser_cannot_delete_someone_elses_authenticator():
    superuser = StaffUserFactory(is_staff=True, is_superuser=True)
    enrol_totp(superuser)
    victim = StaffUserFactory()
    enrol_totp(victim)
    authenticator = Authenticator.objects.get(user=victim)
    client = _password_only(superuser)
    response = client.post(
        f"/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert response.status_code == 403
    assert Authenticator.objects.filter(pk=authenticator.pk).exists()
    response = client.post(
        f"/admin/accounts/user/{victim.pk}/password/",
        {"password1": "un-nouveau-mot-de-passe-2026", "password2": "un-nouveau-mot-de-passe-2026"},
        follow=True,
    )
    assert response.status_code == 403
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)


@pytest.mark.django_db
def test_the_admin_login_page_hands_over_to_the_throttled_allauth_login():
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/?next=/admin/")
    # The admin's own password form is gone: posting a password to it logs nobody in.
    superuser = StaffUserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.post("/admin/login/", {"username": superuser.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_admin_is_not_mounted_in_production_unless_turned_on(settings):
    import spsti.urls

    try:
        settings.SPSTI_ADMIN_ENABLED = False
        importlib.reload(spsti.urls)
        clear_url_caches()
        superuser = StaffUserFactory(is_staff=True, is_superuser=True)
        assert login(Client(), superuser).get("/admin/").status_code == 404
    finally:
        settings.SPSTI_ADMIN_ENABLED = True
        importlib.reload(spsti.urls)
        clear_url_caches()
    assert login(Client(), superuser).get("/admin/").status_code == 200
