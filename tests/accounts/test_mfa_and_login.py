"""Staff use TOTP, set by their activation link, before the back-office; login brute force
is throttled."""

import html

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from accounts.enums import StaffRole
from accounts.models import User
from tests.accounts.factories import PASSWORD, StaffAssignmentFactory, UserFactory
from tests.accounts.test_staff_activation import activate_by_link
from tests.conftest import enrol_totp, totp_code


def _password_login(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
def test_a_staff_password_alone_neither_logs_in_nor_enrols_totp():
    """Whoever holds the password of a staff account not yet activated gets nothing."""
    user = StaffAssignmentFactory(role=StaffRole.NURSE).user
    client = Client()
    response = _password_login(client, user.email)
    assert "_auth_user_id" not in client.session
    assert "pas encore activé" in html.unescape(client.get(response["Location"]).content.decode())
    # A session opened before activation links existed: no back-office, no enrolment.
    client.force_login(user)
    assert client.get(reverse("backoffice:dashboard")).status_code == 403
    assert client.get(reverse("mfa_activate_totp")).status_code == 403
    response = client.post(reverse("mfa_activate_totp"), {"code": "123456"})
    assert response.status_code == 403
    assert not Authenticator.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_staff_activated_by_link_logs_in_with_password_and_code():
    user = StaffAssignmentFactory(role=StaffRole.NURSE).user
    password, secret = activate_by_link(Client(), user)
    client = Client()
    response = _password_login(client, user.email, password)
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get(reverse("backoffice:dashboard")).status_code == 200


@pytest.mark.django_db
def test_staff_with_totp_must_type_a_code_at_login():
    user = StaffAssignmentFactory(role=StaffRole.PHYSICIAN).user
    secret = enrol_totp(user)
    client = Client()
    response = _password_login(client, user.email)
    assert response["Location"] == reverse("mfa_authenticate")
    # Password alone does not open the back-office.
    assert client.get(reverse("backoffice:dashboard")).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert client.get(reverse("backoffice:dashboard")).status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get(reverse("backoffice:dashboard")).status_code == 200


@pytest.mark.django_db
def test_portal_user_logs_in_with_email_and_password_without_totp():
    user = UserFactory()
    client = Client()
    response = _password_login(client, user.email.upper())  # e-mail is case-insensitive
    assert response.status_code == 302
    assert client.get(reverse("after-login"))["Location"] == reverse("portal:dashboard")


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_even_for_the_right_password():
    user = UserFactory()
    client = Client()
    for _ in range(5):
        response = _password_login(client, user.email, "mauvais-mot-de-passe")
        assert response.status_code == 200
    response = _password_login(client, user.email)  # the right one, too late
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode()


@pytest.mark.django_db
def test_open_signup_is_closed():
    Client().post(
        reverse("account_signup"),
        {
            "email": "intrus@exemple.fr",
            "password1": "un-long-mot-de-passe-2026",
            "password2": "un-long-mot-de-passe-2026",
        },
    )
    assert not User.objects.filter(email="intrus@exemple.fr").exists()
