"""The follow-up report (seed 000: quantitative and qualitative), on concrete dates."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.context import build_context
from adherents.models import Adherent, RequestChannel, RequestStatus
from adherents.requests import selectors_report
from tests.adherents.factories_requests import (
    MemberRequestFactory,
    PartnerFactory,
    ReferralFactory,
    paris,
    set_times,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _march(world):
    """Three requests of March 2026, one of February, one of the other centre."""
    a, admin = world.adherent, world.actors["portal_admin"]
    fast = set_times(  # answered in 24 h, rated 5
        MemberRequestFactory(adherent=a, created_by=admin, status=RequestStatus.CLOSED),
        created_at=paris(2026, 3, 2, 9),
        first_answered_at=paris(2026, 3, 3, 9),
        satisfaction=5,
        satisfaction_comment="Très réactif",
    )
    slow = set_times(  # by phone, answered in 7 days (168 h), rated 4, routed
        MemberRequestFactory(
            adherent=a, created_by=admin, channel=RequestChannel.PHONE, category="prevention"
        ),
        created_at=paris(2026, 3, 5, 10),
        first_answered_at=paris(2026, 3, 12, 10),
        status=RequestStatus.ANSWERED,
        satisfaction=4,
    )
    set_times(  # by e-mail, still unanswered
        MemberRequestFactory(adherent=a, created_by=admin, channel=RequestChannel.EMAIL),
        created_at=paris(2026, 3, 10, 15),
    )
    set_times(  # February: outside the period
        MemberRequestFactory(adherent=a, created_by=admin),
        created_at=paris(2026, 2, 27, 9),
        first_answered_at=paris(2026, 2, 27, 10),
        satisfaction=1,
        satisfaction_comment="Hors période",
    )
    set_times(  # the other centre's member: never counted here
        MemberRequestFactory(adherent=Adherent.objects.get(name="Scierie Gamma")),
        created_at=paris(2026, 3, 3, 9),
        first_answered_at=paris(2026, 3, 3, 10),
        satisfaction=1,
    )
    carsat, aract = PartnerFactory(name="CARSAT"), PartnerFactory(name="ARACT", kind="aract")
    agent = world.actors["member_service"]

    def referral(partner, sent, due, answered=None):
        return ReferralFactory(
            request=slow,
            partner=partner,
            sent_on=sent,
            due_on=due,
            sent_by=agent,
            answer="Réponse" if answered else "",
            answered_at=answered,
        )

    referral(carsat, D(2026, 3, 5), D(2026, 3, 20), paris(2026, 3, 20, 18))  # on time
    referral(carsat, D(2026, 3, 10), D(2026, 3, 15), paris(2026, 3, 16, 8))  # late
    referral(aract, D(2026, 3, 12), D(2026, 3, 14))  # no answer, overdue on 1 April
    referral(aract, D(2026, 3, 30), D(2026, 4, 14))  # no answer, still pending
    referral(aract, D(2026, 2, 20), D(2026, 2, 25))  # sent in February: outside
    return fast, slow


def test_report_figures_for_march_2026(world):
    fast, _ = _march(world)
    ctx = build_context(world.actors["member_service"], {}, mfa_passed=True)
    report = selectors_report.report(
        ctx, date_from=D(2026, 3, 1), date_to=D(2026, 3, 31), today=D(2026, 4, 1)
    )

    assert report.total == 3
    assert dict(report.by_channel) == {"Espace adhérent": 1, "Téléphone": 1, "E-mail": 1}
    assert dict(report.by_category)["Prévention des risques"] == 1
    assert dict(report.by_category)["Question générale"] == 2
    assert dict(report.by_status) == {
        "Reçue": 1,
        "En cours": 0,
        "Transmise à un partenaire": 0,
        "Répondue": 1,
        "Clôturée": 1,
    }
    assert (report.answered, report.answered_within, report.within_share) == (2, 1, 50.0)
    assert report.median_hours == 96  # median of 24 h and 168 h
    assert report.median_days == 4.0
    assert (report.routed, report.routed_share) == (1, 33.3)

    lines = {p.name: p for p in report.partners}
    assert (lines["CARSAT"].sent, lines["CARSAT"].on_time, lines["CARSAT"].late) == (2, 1, 1)
    assert lines["CARSAT"].on_time_share == 50.0
    aract = lines["ARACT"]
    assert (aract.sent, aract.on_time, aract.late, aract.overdue, aract.pending) == (2, 0, 0, 1, 1)
    assert aract.on_time_share is None

    assert (report.satisfaction_count, report.satisfaction_average) == (2, 4.5)
    assert report.satisfaction == [
        (1, 0, 0.0),
        (2, 0, 0.0),
        (3, 0, 0.0),
        (4, 1, 50.0),
        (5, 1, 50.0),
    ]
    assert [r.pk for r in report.comments] == [fast.pk]


def test_first_answer_on_the_due_moment_counts_within_the_delay(world):
    set_times(
        MemberRequestFactory(adherent=world.adherent),
        created_at=paris(2026, 3, 2, 9),
        first_answered_at=paris(2026, 3, 7, 9),  # exactly 5 days
    )
    set_times(
        MemberRequestFactory(adherent=world.adherent),
        created_at=paris(2026, 3, 2, 9),
        first_answered_at=paris(2026, 3, 7, 9, 1),  # one minute more
    )
    ctx = build_context(world.actors["member_service"], {}, mfa_passed=True)
    report = selectors_report.report(ctx, date_from=D(2026, 3, 1), date_to=D(2026, 3, 31))
    assert (report.answered, report.answered_within) == (2, 1)


def test_report_page_renders_the_figures_and_refuses_a_reversed_period(world, client_for):
    _march(world)
    client = client_for("billing")  # the invoicing agent reads the report too
    url = reverse("backoffice:adherents:requests-report")
    page = client.get(url, {"date_from": "2026-03-01", "date_to": "2026-03-31"}).content.decode()
    assert "4,5/5" in page
    assert "Très réactif" in page
    assert "Hors période" not in page
    assert "50,0 %" in page
    response = client.get(url, {"date_from": "2026-03-31", "date_to": "2026-03-01"})
    assert "La date de début doit précéder la date de fin" in response.content.decode()
    assert response.context["report"] is None


def test_report_query_count_does_not_grow_with_rows(world, client_for):
    client = client_for("member_service")
    url = reverse("backoffice:adherents:requests-report")
    params = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
    client.get(url, params)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured)

    _march(world)
    few = count()
    for n in range(30):
        request = set_times(
            MemberRequestFactory(adherent=world.adherent),
            created_at=paris(2026, 5, 1 + n % 28, 9),
            first_answered_at=paris(2026, 5, 1 + n % 28, 10 + n % 10),
            satisfaction=1 + n % 5,
            satisfaction_comment=f"Avis {n}",
        )
        ReferralFactory(
            request=request,
            partner=PartnerFactory(),
            sent_on=D(2026, 5, 2),
            due_on=D(2026, 5, 20),
            sent_by=world.actors["member_service"],
        )
    assert count() == few
