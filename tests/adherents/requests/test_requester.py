"""Who asked (seed 000: the answer goes « à l'entreprise, aux représentants du personnel et/ou
au salarié ») and by when the member is answered (« les délais à respecter »)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.context import build_context
from adherents.models import MemberRequest, RequesterKind, RequestStatus
from adherents.requests import selectors_report, services
from adherents.rules import requests as rules
from tests.adherents.factories_billing import ctx_of
from tests.adherents.factories_requests import (
    MemberRequestFactory,
    ReferralFactory,
    paris,
    set_times,
)

pytestmark = pytest.mark.django_db
LOG = "backoffice:adherents:requests-log"
INBOX = "backoffice:adherents:requests-inbox"
PORTAL_DETAIL = "portal:adherents:requests-detail"
SECRET_NAME = "Jeanne Témoin-Confidentiel"


def _log(client, world, **extra):
    data = {
        "siren": world.adherent.siren,
        "channel": "phone",
        "category": "question",
        "subject": "Appel sur le bruit à l'atelier",
        "body": "Question sur l'exposition au bruit.",
        **extra,
    }
    return client.post(reverse(LOG), data)


def test_a_portal_request_is_the_employers(world, client_for):
    client_for("portal_admin").post(
        reverse("portal:adherents:requests-create"),
        {"category": "question", "subject": "Reprise", "body": "Quelles mesures ?"},
    )
    created = MemberRequest.objects.get()
    assert (created.requester_kind, created.requester_name) == (RequesterKind.EMPLOYER, "")


def test_through_a_firms_mandate_the_requester_is_the_accounting_firm():
    # Under the « Demandes au service » scope of its mandate (tests: test_firm_scope.py).
    assert rules.portal_requester_kind(via_firm=True) == RequesterKind.ACCOUNTING_FIRM
    assert rules.portal_requester_kind(via_firm=False) == RequesterKind.EMPLOYER


@pytest.mark.parametrize("kind", RequesterKind.values)
def test_staff_log_each_requester_kind_with_a_name(world, client_for, kind):
    response = _log(
        client_for("member_service"), world, requester_kind=kind, requester_name=" Léa "
    )
    logged = MemberRequest.objects.get()
    assert response.status_code == 302
    assert (logged.requester_kind, logged.requester_name) == (kind, "Léa")


def test_an_unknown_requester_kind_is_refused_in_french_and_nothing_written(world, client_for):
    response = _log(client_for("member_service"), world, requester_kind="boss")
    assert response.status_code == 200
    assert "type de demandeur inconnu" in response.content.decode()
    assert not MemberRequest.objects.exists()
    with pytest.raises(services.RequestError, match="type de demandeur inconnu"):
        services.log_request(
            actor=ctx_of(world.actors["member_service"]),
            adherent=world.adherent,
            channel="email",
            category="question",
            subject="Objet",
            body="Demande",
            requester_kind="boss",
        )
    assert not MemberRequest.objects.exists()


def test_the_requesters_name_is_for_staff_only(world, client_for):
    _log(
        client_for("member_service"),
        world,
        requester_kind=RequesterKind.EMPLOYEE,
        requester_name=SECRET_NAME,
    )
    logged = MemberRequest.objects.get()
    staff_page = client_for("member_service").get(
        reverse("backoffice:adherents:requests-detail", args=[logged.pk])
    )
    assert f"Salarié : {SECRET_NAME}" in staff_page.content.decode()
    member = client_for("portal_admin")
    for url in (
        reverse(PORTAL_DETAIL, args=[logged.pk]),
        reverse("portal:adherents:requests-list"),
    ):
        response = member.get(url)
        assert response.status_code == 200
        assert SECRET_NAME not in response.content.decode()


def test_inbox_filters_on_the_requester_with_the_same_query_count(world, client_for):
    def of_a(kind, subject):
        return MemberRequestFactory(adherent=world.adherent, requester_kind=kind, subject=subject)

    of_a(RequesterKind.EMPLOYER, "Question de l'employeur")
    of_a(RequesterKind.STAFF_REPRESENTATIVE, "Question du CSE")
    of_a(RequesterKind.EMPLOYEE, "Question d'un salarié")
    client = client_for("member_service")

    def subjects(**params):
        return {r.subject for r in client.get(reverse(INBOX), params).context["page"].items}

    assert subjects(requester_kind="staff_representative") == {"Question du CSE"}
    assert subjects(requester_kind="employee") == {"Question d'un salarié"}
    assert len(subjects()) == 3
    assert "Représentant du personnel (CSE)" in client.get(reverse(INBOX)).content.decode()

    def count(**params):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(INBOX), params).status_code == 200
        return len(captured)

    assert count(requester_kind="employee") == count()


def test_report_breaks_requests_down_by_requester(world, client_for):
    for kind in ("employer", "employer", "staff_representative", "accounting_firm"):
        set_times(
            MemberRequestFactory(adherent=world.adherent, requester_kind=kind),
            created_at=paris(2026, 3, 10),
        )
    set_times(  # February: outside the period
        MemberRequestFactory(adherent=world.adherent, requester_kind="employee"),
        created_at=paris(2026, 2, 10),
    )
    ctx = build_context(world.actors["member_service"], {}, mfa_passed=True)
    report = selectors_report.report(
        ctx, date_from=datetime.date(2026, 3, 1), date_to=datetime.date(2026, 3, 31)
    )
    assert dict(report.by_requester) == {
        "Employeur": 2,
        "Représentant du personnel (CSE)": 1,
        "Salarié": 0,
        "Cabinet comptable": 1,
        "Autre": 0,
    }
    page = client_for("member_service").get(
        reverse("backoffice:adherents:requests-report"),
        {"date_from": "2026-03-01", "date_to": "2026-03-31"},
    )
    assert "<caption>Par demandeur</caption>" in page.content.decode()


def test_the_member_sees_by_when_it_is_answered(world, client_for, settings):
    settings.SPSTI_REQUEST_ANSWER_DAYS = 5
    request = set_times(
        MemberRequestFactory(adherent=world.adherent, created_by=world.actors["portal_admin"]),
        created_at=paris(2026, 3, 2, 9),
    )
    client = client_for("portal_admin")
    url = reverse(PORTAL_DETAIL, args=[request.pk])
    assert "Réponse attendue avant le 07/03/2026" in client.get(url).content.decode()

    settings.SPSTI_REQUEST_ANSWER_DAYS = 10
    assert "Réponse attendue avant le 12/03/2026" in client.get(url).content.decode()

    MemberRequest.objects.filter(pk=request.pk).update(
        status=RequestStatus.ANSWERED, first_answered_at=paris(2026, 3, 3, 9)
    )
    assert "Réponse attendue avant le" not in client.get(url).content.decode()


def test_the_member_sees_the_partners_due_date_once_routed(world, client_for):
    request = MemberRequestFactory(
        adherent=world.adherent,
        created_by=world.actors["portal_admin"],
        status=RequestStatus.ROUTED,
    )
    referral = ReferralFactory(
        request=request,
        sent_on=datetime.date(2026, 3, 5),
        due_on=datetime.date(2026, 3, 20),
        sent_by=world.actors["member_service"],
    )
    client = client_for("portal_admin")
    url = reverse(PORTAL_DETAIL, args=[request.pk])
    page = client.get(url).content.decode()
    assert "réponse attendue avant le 20/03/2026" in page
    assert "Réponse attendue avant le" not in page  # routed: the partner answers now
    assert referral.partner.name not in page

    referral.answer, referral.answered_at = "Réponse", paris(2026, 3, 18)
    referral.save()
    assert "réponse attendue avant le 20/03/2026" not in client.get(url).content.decode()
