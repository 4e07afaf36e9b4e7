"""The audit context (pghistory's "url") never holds the token of a secret link in clear: the
database keeps only its hash (spsti/secret_links.py), so a read of the audit must not give
the link back (issue 10, item 4)."""

import importlib

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pghistory.models import Context

from accounts.audit import SECRET_MASK, SECRET_URL_ARGUMENTS, url_without_secrets
from tests.adherents.factories_joining import draft_application, new_siren

pytestmark = pytest.mark.django_db


def _contexts_with(text: str):
    return Context.objects.filter(metadata__url__contains=text)


def test_a_joining_link_leaves_no_token_in_the_audit_context():
    application, token = draft_application()
    step = reverse("public:joining-step", args=[token, "entreprise"])
    siren = new_siren()
    response = Client().post(
        step,
        {"company_name": "Menuiserie Delta", "siren": siren, "naf_code": "4332A"}
        | {"legal_form": "SARL"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.siren == siren  # a tracked row changed under the link's context
    assert not _contexts_with(token).exists()
    masked = step.replace(token, SECRET_MASK)
    assert _contexts_with(masked).exists()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("public:joining-resume", {"token": "tok-SECRET-123"}),
        ("public:joining-step", {"token": "tok-SECRET-123", "slug": "contacts"}),
        ("public:requests-partner-answer", {"token": "tok-SECRET-123"}),
        ("public:events-survey-answer", {"token": "tok-SECRET-123"}),
        ("account_reset_password_from_key", {"uidb36": "4c", "key": "tok-SECRET-123"}),
        ("account_confirm_email", {"key": "tok-SECRET-123"}),
    ],
)
def test_every_kind_of_secret_link_is_masked_in_the_audit_url(name, kwargs):
    path = reverse(name, kwargs=kwargs)
    assert "tok-SECRET-123" not in url_without_secrets(RequestFactory().get(path))


def _argument_names(patterns):
    for entry in patterns:
        yield from entry.pattern.regex.groupindex
        if isinstance(entry, URLResolver):
            yield from _argument_names(entry.url_patterns)
        else:
            assert isinstance(entry, URLPattern)


def test_every_url_argument_that_looks_secret_is_masked():
    """A new secret link named otherwise (<str:secret>, <str:reset_token>) would leak."""
    names = set(_argument_names(get_resolver().url_patterns))
    looks_secret = {n for n in names if any(w in n.lower() for w in ("token", "key", "secret"))}
    assert looks_secret
    assert looks_secret <= SECRET_URL_ARGUMENTS


def test_other_urls_stay_whole_in_the_audit_context():
    path = reverse("public:joining-start")
    assert url_without_secrets(RequestFactory().get(path)) == path


def test_the_migration_masks_tokens_already_written_in_clear():
    migration = importlib.import_module("accounts.migrations.0002_mask_secret_link_urls_in_audit")
    leaked = {
        "/adhesion/demande/abcDEF_123-x/entreprise/": "/adhesion/demande/<secret>/entreprise/",
        "/partenaires/reponse/abcDEF_123-x/": "/partenaires/reponse/<secret>/",
        "/enquete-satisfaction/abcDEF_123-x/": "/enquete-satisfaction/<secret>/",
        "/comptes/password/reset/key/4c-abcDEF_123-x/": "/comptes/password/reset/key/4c-<secret>/",
        "/back-office/adherents/12/": "/back-office/adherents/12/",
    }
    contexts = {url: Context.objects.create(metadata={"url": url, "user": 1}) for url in leaked}
    with connection.cursor() as cursor:
        for sql, params in migration.MASK_SQL:
            cursor.execute(sql, params)
    for url, context in contexts.items():
        context.refresh_from_db()
        assert context.metadata == {"url": leaked[url], "user": 1}
