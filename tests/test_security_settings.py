"""Production security settings and what each protects (README, "Sécurité"; issue 10, items 5
and 10): client address behind trusted proxies, CSP, HTTPS, idle timeouts, no-store health
pages, SMTP required in production."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from spsti.client_ip import client_ip
from tests.accounts.factories import PASSWORD, UserFactory

PROXY = "10.0.0.2"  # the reverse proxy, as the app sees every request behind it


# --- Item 5: one client address, proxies trusted only as configured -------------------------


def _request(xff: str | None = None, remote: str = PROXY):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxy_a_forged_forwarded_for_is_ignored(settings):
    settings.SPSTI_TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.9", remote="198.51.100.7")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("xff", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        # The client wrote the left part; the proxy appended what it saw, at the right.
        ("1.2.3.4, 203.0.113.9", "203.0.113.9"),
        ("1.2.3.4,203.0.113.9:51234", "203.0.113.9"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("", PROXY),  # reached the app without the proxy
        ("1.2.3.4, not-an-address", PROXY),
        (None, PROXY),
    ],
)
def test_behind_one_proxy_the_right_most_forwarded_address_is_the_client(settings, xff, expected):
    settings.SPSTI_TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(xff)) == expected


def test_behind_two_proxies_the_second_address_from_the_right_is_the_client(settings):
    settings.SPSTI_TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("1.2.3.4, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"


def _failed_logins(settings, count: int, **headers) -> None:
    """`count` failures, each on another account (only the per-address limit counts)."""
    for index in range(count):
        response = Client(**headers).post(
            reverse("account_login"),
            {"login": f"inconnu{index}@exemple.fr", "password": "mauvais-mot-de-passe"},
        )
        assert response.status_code == 200


def _logs_in(user, **headers) -> bool:
    client = Client(**headers)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_behind_the_proxy_one_client_locked_out_does_not_lock_out_the_others(settings):
    settings.SPSTI_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    user = UserFactory()
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    _failed_logins(settings, 3, **attacker)
    assert not _logs_in(user, **attacker)  # the attacker's address is locked out
    assert _logs_in(user, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")


@pytest.mark.django_db
def test_without_proxy_a_forged_forwarded_for_does_not_escape_the_lockout(settings):
    settings.SPSTI_TRUSTED_PROXY_COUNT = 0
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    user = UserFactory()
    for index in range(3):
        _failed_logins(
            settings, 1, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{index}"
        )
    assert not _logs_in(user, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert _logs_in(user, REMOTE_ADDR="198.51.100.8")


@pytest.mark.django_db
def test_behind_the_proxy_joining_starts_are_counted_per_client(settings, mailoutbox):
    settings.SPSTI_TRUSTED_PROXY_COUNT = 1
    settings.SPSTI_JOINING_STARTS_PER_HOUR = 1
    url = reverse("public:joining-start")

    def start(address: str, email: str):
        client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
        return client.post(url, {"email": email})

    assert start("203.0.113.66", "a@exemple.fr").status_code == 302
    refused = start("203.0.113.66", "b@exemple.fr")
    assert refused.status_code == 200
    assert "Trop de demandes" in refused.content.decode()
    assert start("198.51.100.20", "c@exemple.fr").status_code == 302
