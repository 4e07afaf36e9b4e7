"""Staff accounts start from a single-use, expiring activation link that sets the password and
TOTP together (issue 10, item 12); their password-reset links are short-lived."""

import datetime
import html
import io
import re

import pytest
import time_machine
from allauth.account.forms import default_token_generator
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts import activation
from accounts.enums import UserKind
from accounts.models import User
from tests.accounts.factories import StaffAssignmentFactory, StaffUserFactory, UserFactory
from tests.conftest import login, totp_code

NEW_PASSWORD = "un-mot-de-passe-tout-neuf-2026"


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def activate_by_link(client: Client, user, url: str | None = None) -> tuple[str, str]:
    """Walk the activation page; returns (password, TOTP secret)."""
    path = _path(url or activation.new_link(user))
    page = client.get(path)
    assert page.status_code == 200
    secret = re.search(r"data-totp-secret>([A-Z2-7]+)<", page.content.decode()).group(1)
    response = client.post(
        path,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "code": totp_code(secret)},
    )
    assert response.status_code == 302, html.unescape(response.content.decode())
    assert response["Location"] == reverse("account_login")
    return NEW_PASSWORD, secret


@pytest.mark.django_db
def test_the_activation_link_sets_password_and_totp_and_serves_once():
    user = StaffAssignmentFactory().user
    url = activation.new_link(user)
    activate_by_link(Client(), user, url)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).count() == 1
    again = Client().get(_path(url))
    assert again.status_code == 410
    assert "Lien d'activation expiré" in html.unescape(again.content.decode())


@pytest.mark.django_db
def test_a_wrong_code_activates_nothing():
    user = StaffAssignmentFactory().user
    path = _path(activation.new_link(user))
    client = Client()
    client.get(path)
    response = client.post(
        path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "code": "000000"}
    )
    assert "Code incorrect" in html.unescape(response.content.decode())
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD)
    assert not Authenticator.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_the_activation_link_expires_after_72_hours():
    user = StaffAssignmentFactory().user
    paris = datetime.timezone(datetime.timedelta(hours=1))
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=paris), tick=False):
        path = _path(activation.new_link(user))
    with time_machine.travel(datetime.datetime(2026, 12, 4, 8, 59, tzinfo=paris), tick=False):
        assert Client().get(path).status_code == 200
    with time_machine.travel(datetime.datetime(2026, 12, 4, 9, 1, tzinfo=paris), tick=False):
        response = Client().get(path)
        assert response.status_code == 410
        assert "72 heures" in html.unescape(response.content.decode())


@pytest.mark.django_db
def test_a_new_link_cancels_the_previous_one():
    user = StaffAssignmentFactory().user
    first = _path(activation.new_link(user))
    activation.new_link(user)
    assert Client().get(first).status_code == 410


@pytest.mark.django_db
def test_portal_accounts_get_no_staff_activation_link():
    with pytest.raises(activation.ActivationError):
        activation.new_link(UserFactory())


@pytest.mark.django_db
def test_the_management_command_prints_a_working_link(mailoutbox):
    user = StaffAssignmentFactory().user
    out = io.StringIO()
    call_command("staff_activation_link", user.email.upper(), stdout=out)
    url = out.getvalue().strip()
    assert "/comptes/activation-equipe/" in url
    assert Client().get(_path(url)).status_code == 200


@pytest.mark.django_db
def test_a_staff_account_created_in_the_admin_gets_its_activation_link(
    django_capture_on_commit_callbacks, mailoutbox
):
    superuser = StaffUserFactory(is_staff=True, is_superuser=True)
    client = login(Client(), superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/accounts/user/add/",
            {
                "email": "nouvelle.infirmiere@exemple.fr",
                "kind": UserKind.STAFF,
                "password1": "provisoire-2026-abcdef",
                "password2": "provisoire-2026-abcdef",
                "usable_password": "true",
            },
        )
    user = User.objects.get(email="nouvelle.infirmiere@exemple.fr")
    (message,) = mailoutbox
    assert message.to == [user.email]
    url = re.search(r"https?://\S+/comptes/activation-equipe/\S+/", message.body).group(0)
    activate_by_link(Client(), user, url)


@pytest.mark.django_db
def test_a_staff_password_reset_key_expires_after_60_minutes_a_portal_one_does_not():
    staff = StaffAssignmentFactory().user
    portal = UserFactory()
    start = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        staff_key = default_token_generator.make_token(staff)
        portal_key = default_token_generator.make_token(portal)
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        assert default_token_generator.check_token(staff, staff_key)
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        assert not default_token_generator.check_token(staff, staff_key)
        assert default_token_generator.check_token(portal, portal_key)
