"""Production security settings and what each protects (README, "Sécurité"; issue 10, items 5
and 10): client address behind trusted proxies, CSP, HTTPS, idle timeouts, no-store health
pages, SMTP required in production."""

import base64
import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from csp.middleware import CSPMiddleware
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.views.debug import technical_500_response

from spsti.client_ip import client_ip
from spsti.csp import DebugPagesWithoutCSPMiddleware
from spsti.views.public import error_500
from tests.accounts.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[1]

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


# --- Item 10: production settings -------------------------------------------------------------

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-production-secret-key-" + "x" * 40,
    # Set, so that importing the settings starts no embedded PostgreSQL/Redis.
    "DATABASE_URL": "postgres://x@localhost:5432/x",
    "REDIS_URL": "redis://localhost:6379/0",
    "EMAIL_URL": "smtp+tls://portail:secret@smtp.example.fr:587",
}
SHOWN = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CONTENT_SECURITY_POLICY",
    "SPSTI_STAFF_IDLE_MINUTES",
    "SPSTI_PORTAL_IDLE_MINUTES",
    "EMAIL_BACKEND",
]


def _settings_with(**overrides):
    """Import the settings in a fresh process with this environment: (returncode, values, err)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", *PRODUCTION}
    }
    environment.update({**PRODUCTION, **overrides})
    environment = {key: value for key, value in environment.items() if value is not None}
    script = (
        "import json; from spsti import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {SHOWN!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    values = json.loads(result.stdout) if result.returncode == 0 else None
    return result.returncode, values, result.stderr


def test_production_redirects_to_https_with_hsts_on_subdomains_and_secure_cookies():
    returncode, values, stderr = _settings_with()
    assert returncode == 0, stderr
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert (values["SPSTI_STAFF_IDLE_MINUTES"], values["SPSTI_PORTAL_IDLE_MINUTES"]) == (30, 120)


def test_development_keeps_plain_http():
    returncode, values, stderr = _settings_with(DEBUG="true", EMAIL_URL=None)
    assert returncode == 0, stderr
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize("email_url", [None, "consolemail://", "filemail:///tmp/mails"])
def test_production_refuses_to_start_without_an_smtp_server(email_url):
    returncode, _values, stderr = _settings_with(EMAIL_URL=email_url)
    assert returncode != 0
    assert "EMAIL_URL doit désigner un serveur SMTP" in stderr


def test_the_image_build_step_passes_the_production_checks():
    """collectstatic runs with DEBUG=false: its dummy variables must satisfy the settings."""
    dockerfile = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    line = next(row for row in dockerfile.splitlines() if "collectstatic" in row)
    build_env = dict(re.findall(r"\b([A-Z][A-Z_]*)=(\S+)", line.split("python manage.py")[0]))
    assert build_env["DEBUG"] == "false"
    returncode, _values, stderr = _settings_with(**{k: None for k in PRODUCTION} | build_env)
    assert returncode == 0, stderr


def test_the_csp_allows_our_own_scripts_and_styles_only():
    _returncode, values, _stderr = _settings_with()
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy():
    response = Client().get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_no_template_has_inline_script_handler_or_style():
    """What the CSP would block in the browser (PDF templates are WeasyPrint's, not a page's)."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)|\son[a-z]+=|style=")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "templates").rglob("*.html")
        if "pdf" not in path.parts and path.name != "500.html"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if inline.search(line)
    ]
    assert not offenders


def test_the_500_page_style_is_allowed_by_its_hash_alone():
    request = RequestFactory().get("/")
    response = CSPMiddleware(error_500)(request)
    html = response.content.decode()
    style = html.partition("<style>")[2].partition("</style>")[0]
    assert style
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    style_src = re.search(r"style-src ([^;]*)", response["Content-Security-Policy"]).group(1)
    assert style_src.split() == ["'self'", f"'sha256-{digest}'"]


def _technical_500(request):
    try:
        raise ValueError("panne")
    except ValueError:
        return technical_500_response(request, *sys.exc_info())


def test_django_debug_pages_stay_readable_in_development_only(settings):
    stack = CSPMiddleware(DebugPagesWithoutCSPMiddleware(_technical_500))
    settings.DEBUG = True
    assert "Content-Security-Policy" not in stack(RequestFactory().get("/"))
    settings.DEBUG = False
    assert "Content-Security-Policy" in stack(RequestFactory().get("/"))


# --- Item 10: idle sessions end ------------------------------------------------------------------


def _after(client, minutes: int, url: str, **headers):
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=False):
        return client.get(url, **headers)


@pytest.mark.django_db
def test_a_staff_session_idle_for_more_than_30_minutes_ends(client_for):
    client = client_for("physician")
    url = reverse("backoffice:dashboard")
    assert client.get(url).status_code == 200
    response = _after(client, 31, url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    assert "_auth_user_id" not in client.session
    assert client.get(url).status_code == 302  # and stays ended


@pytest.mark.django_db
def test_activity_keeps_a_staff_session_open(client_for):
    client = client_for("physician")
    url = reverse("backoffice:dashboard")
    assert client.get(url).status_code == 200
    assert _after(client, 25, url).status_code == 200
    assert _after(client, 50, url).status_code == 200  # 25 minutes after the last request


def _session_writes(client, url: str, minutes: float = 0) -> int:
    """How many times one request writes the session row."""
    with CaptureQueriesContext(connection) as queries:
        response = _after(client, minutes, url)
    assert response.status_code == 200
    return sum('UPDATE "django_session"' in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "url_name"),
    [("physician", "backoffice:dashboard"), ("portal_admin", "portal:dashboard")],
)
def test_reading_pages_writes_the_session_at_most_once_a_minute(client_for, actor, url_name):
    """The login stores the activity and the context's default choice (centre, member); then
    the last activity is written when a minute has passed since the one stored, and the choice
    only when it changes: reading pages within the minute, the first one included, writes
    nothing."""
    client = client_for(actor)
    url = reverse(url_name)
    assert _session_writes(client, url) == 0
    assert _session_writes(client, url) == 0
    assert _session_writes(client, url, minutes=0.5) == 0
    assert _session_writes(client, url, minutes=1.5) == 1
    assert _session_writes(client, url, minutes=2) == 0


@pytest.mark.django_db
def test_idle_time_counts_from_the_last_activity_written(client_for):
    """Activity within the minute is not written: the session ends at most a minute early."""
    client = client_for("physician")
    url = reverse("backoffice:dashboard")
    client.get(url)
    assert _after(client, 0.9, url).status_code == 200
    assert _after(client, 30.5, url).status_code == 302  # 30.5 min after the activity written


@pytest.mark.django_db
def test_a_portal_session_lasts_two_idle_hours(client_for):
    client = client_for("portal_admin")
    url = reverse("portal:dashboard")
    assert client.get(url).status_code == 200
    assert _after(client, 119, url).status_code == 200
    expired = _after(client, 119 + 121, url)
    assert expired.status_code == 302
    assert expired["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_an_htmx_request_of_an_ended_session_reloads_the_login_page(client_for):
    client = client_for("physician")
    url = reverse("backoffice:dashboard")
    client.get(url)
    response = _after(client, 31, url, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("account_login"))


# --- Item 10: health pages are never stored -------------------------------------------------


@pytest.mark.django_db
def test_the_dmst_page_is_never_stored_by_a_browser(client_for, world):
    url = reverse("backoffice:suivi_sante:dmst-detail", args=[world.worker.pk])
    response = client_for("physician").get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
