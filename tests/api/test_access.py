"""Who may call what: every endpoint against every token kind (the permission core of the
screens: visible_to(ctx) and the same codes), and the refusals in French problem+json."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import MandateScope
from adherents.models import AccountingFirmMandate, AdherentMembership
from api.enums import ApiScope
from tests.adherents.factories_billing import issue_for
from tests.adherents.factories_workforce import campaign_around_today
from tests.api.helpers import (
    actor_tokens,
    bearer,
    firm_of,
    hire_payload,
    make_staff_token,
    make_token,
)
from tests.matrix_prevention.duerp import _version
from tests.matrix_suivi.agenda import _visit
from tests.matrix_suivi.dmst import stored_document
from tests.suivi_sante.factories import AbsenceFactory, EmploymentFactory, WorkerFactory

PROBLEM = "application/problem+json"


def _calls(world):
    """(name, method, url, body) of every endpoint, aimed at member A's objects."""
    employment = EmploymentFactory(worker=world.worker, establishment=world.establishment)
    convocation = _visit(world).convocation
    invoice = issue_for(world)
    document = stored_document(world)
    campaign_around_today()
    version = _version(world)
    absent = AbsenceFactory(worker=WorkerFactory(adherent=world.adherent), end_on=None)
    return [
        ("establishments", "get", reverse("api:establishment-list"), None),
        ("workers", "get", reverse("api:worker-list"), None),
        ("worker", "get", reverse("api:worker-detail", args=[world.worker.pk]), None),
        (
            "update",
            "patch",
            reverse("api:worker-detail", args=[world.worker.pk]),
            {"job_title": "Chef boulanger"},
        ),
        ("due", "get", reverse("api:worker-due-visits", args=[world.worker.pk]), None),
        ("hire", "post", reverse("api:worker-list"), hire_payload(world.establishment.pk)),
        (
            "departure",
            "post",
            reverse("api:employment-end", args=[employment.pk]),
            {"end_on": timezone.localdate().isoformat()},
        ),
        ("convocations", "get", reverse("api:convocation-list"), None),
        ("confirm", "post", reverse("api:convocation-confirm", args=[convocation.pk]), {}),
        (
            "reschedule",
            "post",
            reverse("api:convocation-reschedule", args=[convocation.pk]),
            {"note": "Plutôt le jeudi matin."},
        ),
        ("invoices", "get", reverse("api:invoice-list"), None),
        ("invoice pdf", "get", reverse("api:invoice-pdf", args=[invoice.pk]), None),
        ("documents", "get", reverse("api:document-list"), None),
        ("document pdf", "get", reverse("api:document-pdf", args=[document.pk]), None),
        (
            "workforce",
            "post",
            reverse("api:workforce-declare", args=[world.establishment.pk]),
            {"si": 3, "sia": 1, "sir": 0},
        ),
        ("duerp", "get", reverse("api:duerp-version-list"), None),
        ("duerp pdf", "get", reverse("api:duerp-version-pdf", args=[version.pk]), None),
        (
            "absence",
            "post",
            reverse("api:absence-declare", args=[world.worker.pk]),
            {"cause": "maladie", "start_on": "2026-09-01"},
        ),
        (
            "return",
            "post",
            reverse("api:absence-return", args=[absent.pk]),
            {"return_on": "2026-10-01"},
        ),
        ("indicators", "get", reverse("api:indicator-list"), None),
        ("indicator", "get", reverse("api:indicator-detail", args=["visits_on_time"]), None),
    ]


# Status per token kind and endpoint. Member A's admin: everything. Member B's admin and the
# firm for B (its "workers" mandate): A's workers are another organisation's (404), the hire
# names A's establishment, unknown to them (400). The firm for A holds workforce and invoices
# only: no worker endpoint (403). Convocations: the member's own people; neither firm has the
# "convocations" mandate scope (403). Invoices: the firm for A holds the invoices scope.
NO_CONVOCATIONS = {"convocations": 403, "confirm": 403, "reschedule": 403}
EXPECTED = {
    "portal_admin": {
        "establishments": 200,
        "workers": 200,
        "worker": 200,
        "update": 200,
        "due": 200,
        "hire": 201,
        "departure": 200,
        "convocations": 200,
        "confirm": 200,
        "reschedule": 200,
        "invoices": 200,
        "invoice pdf": 200,
        "documents": 200,
        "document pdf": 200,
        "workforce": 201,
        "duerp": 200,
        "duerp pdf": 200,
        "absence": 201,
        "return": 200,
        # A member token never reads the management figures (a staff scope).
        "indicators": 403,
        "indicator": 403,
    },
    "portal_other": {
        "establishments": 200,
        "workers": 200,
        "worker": 404,
        "update": 404,
        "due": 404,
        "hire": 400,
        "departure": 404,
        "convocations": 200,
        "confirm": 404,
        "reschedule": 404,
        "invoices": 200,
        "invoice pdf": 404,
        "documents": 200,
        "document pdf": 404,
        "workforce": 404,
        "duerp": 200,
        "duerp pdf": 404,
        "absence": 404,
        "return": 404,
        "indicators": 403,
        "indicator": 403,
    },
    "firm_mandated": {
        "establishments": 200,
        "workers": 403,
        "worker": 403,
        "update": 403,
        "due": 403,
        "hire": 403,
        "departure": 403,
        **NO_CONVOCATIONS,
        "invoices": 200,  # its mandate's invoices scope, for A
        "invoice pdf": 200,
        "documents": 403,  # no mandate scope gives the follow-up documents
        "document pdf": 403,
        # Let through by its workforce scope, refused by the service: the admin declared first
        # and the declaration is locked.
        "workforce": 422,
        "duerp": 403,  # a firm never holds the DUERP's codes
        "duerp pdf": 403,
        "absence": 403,
        "return": 403,
        "indicators": 403,
        "indicator": 403,
    },
    "firm_unmandated": {
        "establishments": 200,
        "workers": 200,
        "worker": 404,
        "update": 404,
        "due": 404,
        "hire": 400,
        "departure": 404,
        **NO_CONVOCATIONS,
        "invoices": 403,  # its mandate (for B) has no invoices scope
        "invoice pdf": 403,
        "documents": 403,
        "document pdf": 403,
        "workforce": 403,
        "duerp": 403,
        "duerp pdf": 403,
        "absence": 404,
        "return": 404,
        "indicators": 403,
        "indicator": 403,
    },
    "no token": dict.fromkeys(
        (
            "establishments",
            "workers",
            "worker",
            "update",
            "due",
            "hire",
            "departure",
            "convocations",
            "confirm",
            "reschedule",
            "invoices",
            "invoice pdf",
            "documents",
            "document pdf",
            "workforce",
            "duerp",
            "duerp pdf",
            "absence",
            "return",
            "indicators",
            "indicator",
        ),
        401,
    ),
}
# A physician's staff token (indicators:read, his own teams' figures): no member endpoint at
# all, not even the establishments every member token reads (403).
EXPECTED["staff_physician"] = {
    **dict.fromkeys(EXPECTED["portal_admin"], 403),
    "indicators": 200,
    "indicator": 200,
}


@pytest.mark.django_db
def test_every_endpoint_answers_every_token_kind_as_expected(world):
    tokens = {
        **actor_tokens(world),
        "staff_physician": make_staff_token(world.actors["physician"], world.center)[1],
        "no token": None,
    }
    calls = _calls(world)
    got = {}
    for actor, secret in tokens.items():
        got[actor] = {}
        for name, method, url, body in calls:
            client = bearer(secret)
            if method == "get":
                response = client.get(url)
            else:
                send = getattr(client, method)
                response = send(url, body, content_type="application/json")
            got[actor][name] = response.status_code
            if response.status_code >= 400:
                assert response["Content-Type"] == PROBLEM, (actor, name)
    assert got == EXPECTED


@pytest.mark.django_db
def test_lists_hold_only_the_token_organisation_rows(world):
    secret = actor_tokens(world)["portal_other"]
    workers = bearer(secret).get(reverse("api:worker-list")).json()["results"]
    sites = bearer(secret).get(reverse("api:establishment-list")).json()["results"]
    assert {w["id"] for w in workers} == set(
        world.other_adherent.workers.values_list("pk", flat=True)
    )
    assert [s["id"] for s in sites] == [world.other_establishment.pk]


@pytest.mark.django_db
def test_a_missing_scope_is_a_403_in_french(world):
    _, secret = make_token(
        world.actors["portal_admin"], world.adherent, scopes=[ApiScope.WORKERS_READ]
    )
    client = bearer(secret)
    assert client.get(reverse("api:worker-list")).status_code == 200
    response = client.post(
        reverse("api:worker-list"),
        hire_payload(world.establishment.pk),
        content_type="application/json",
    )
    assert response.status_code == 403
    body = response.json()
    assert body["status"] == 403
    assert body["title"] == "Accès refusé"
    assert body["detail"] == "Ce jeton n'a pas les droits nécessaires pour cette opération."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind",
    ["expired", "revoked", "unknown", "malformed", "creator left", "mandate revoked"],
)
def test_a_dead_token_is_a_401(world, kind):
    admin, firm_user = world.actors["portal_admin"], world.actors["firm_unmandated"]
    if kind == "expired":
        _, secret = make_token(admin, world.adherent, expires_in=-datetime.timedelta(seconds=1))
    elif kind == "revoked":
        _, secret = make_token(admin, world.adherent, revoked=True)
    elif kind == "unknown":
        secret = "spsti_inconnu"
    elif kind == "malformed":
        secret = "a b"
    elif kind == "creator left":
        _, secret = make_token(admin, world.adherent)
        AdherentMembership.objects.filter(user=admin).delete()
    else:
        _, secret = make_token(firm_user, world.other_adherent, firm=firm_of(firm_user))
        AccountingFirmMandate.objects.filter(firm=firm_of(firm_user)).update(
            revoked_at=timezone.now()
        )
    response = bearer(secret).get(reverse("api:establishment-list"))
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["title"] == "Authentification requise"


@pytest.mark.django_db
def test_no_token_says_how_to_authenticate(world):
    response = bearer(None).get(reverse("api:worker-list"))
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]


@pytest.mark.django_db
def test_the_session_of_the_screens_opens_no_endpoint(world, client_for):
    response = client_for("portal_admin").get(reverse("api:worker-list"))
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_firm_token_follows_its_mandate_scopes(world):
    """The firm for B has a "workers" mandate: a token of every scope still cannot read
    invoices-only codes it never held, and loses workers when the mandate's scope goes."""
    firm_user = world.actors["firm_unmandated"]
    token, secret = make_token(firm_user, world.other_adherent, firm=firm_of(firm_user))
    assert bearer(secret).get(reverse("api:worker-list")).status_code == 200
    AccountingFirmMandate.objects.filter(firm=token.firm).update(scopes=[MandateScope.INVOICES])
    assert bearer(secret).get(reverse("api:worker-list")).status_code == 403


@pytest.mark.django_db
def test_calls_are_throttled_per_token(world, settings):
    settings.SPSTI_API_RATE = "2/min"
    _, first = make_token(world.actors["portal_admin"], world.adherent)
    _, second = make_token(world.actors["portal_admin"], world.adherent)
    url = reverse("api:establishment-list")
    assert [bearer(first).get(url).status_code for _ in range(2)] == [200, 200]
    refused = bearer(first).get(url)
    assert refused.status_code == 429
    assert refused["Content-Type"] == PROBLEM
    assert int(refused["Retry-After"]) > 0
    assert "Trop de requêtes" in refused.json()["detail"]
    assert bearer(second).get(url).status_code == 200  # another token, another count


@pytest.mark.django_db
def test_the_count_starts_again_with_the_next_window(world, settings, monkeypatch):
    """A fixed window per token (api/throttling.py): refused until the minute turns, and told
    how many seconds are left; the next minute counts from zero."""
    settings.SPSTI_API_RATE = "2/min"
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    url = reverse("api:establishment-list")
    start = 60 * 29_000_000 + 15.5  # 15.5 s into a minute
    monkeypatch.setattr("api.throttling.time.time", lambda: start)
    assert [bearer(secret).get(url).status_code for _ in range(3)] == [200, 200, 429]
    refused = bearer(secret).get(url)
    assert refused["Retry-After"] == "45"
    assert "réessayez dans 45 secondes" in refused.json()["detail"]
    monkeypatch.setattr("api.throttling.time.time", lambda: start + 44)
    assert bearer(secret).get(url).status_code == 429
    monkeypatch.setattr("api.throttling.time.time", lambda: start + 45)
    assert [bearer(secret).get(url).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.django_db
def test_last_use_is_recorded(world):
    token, secret = make_token(world.actors["portal_admin"], world.adherent)
    assert token.last_used_at is None
    bearer(secret).get(reverse("api:establishment-list"))
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_identifiers_beyond_bigint_are_not_found_rather_than_a_500(world):
    secret = actor_tokens(world)["portal_admin"]
    client = bearer(secret)
    for name in ("api:worker-detail", "api:worker-due-visits"):
        assert client.get(reverse(name, args=[2**63])).status_code == 404
    response = client.post(
        reverse("api:employment-end", args=[2**63]), {"end_on": "2026-01-01"}, "application/json"
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_unknown_api_path_is_a_french_problem_not_the_html_page(client):
    response = client.post("/api/v1/emplois/-53/sortie/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == "Aucune ressource de l'API à cette adresse."
