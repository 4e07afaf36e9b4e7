"""Membership facts (issue 16) on a small world, against counts made by hand.

Two centres: A (teams A1, A2) and B (team B1); months January to March 2026, today 20 March.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from adherents.models import (
    Establishment,
    QuestionKind,
    RequestCategory,
    RequestStatus,
    SurveyAnswer,
    SurveyInvitation,
    SurveyKind,
)
from dashboards.facts.services import compute_facts
from tests.adherents.factories import EstablishmentFactory
from tests.adherents.factories_events import QuestionFactory, SurveyFactory
from tests.adherents.factories_requests import MemberRequestFactory, paris, set_times
from tests.adherents.factories_trajectory import close, new_member
from tests.dashboards.facts.helpers_members import (
    FEB,
    JAN,
    MAR,
    MONTHS,
    TODAY,
    D,
    Teams,
    by_kind,
    cells,
    drill,
    member,
    monthly,
    pair,
    queries_of_compute,
    selection,
    strike_off,
    value,
)

pytestmark = pytest.mark.django_db

MEMBERSHIP = ["members_active", "members_joined", "members_left", "establishments_followed"]


def _membership_world():
    t = Teams()
    m1 = member(t.a1, D(2025, 6, 1), name="Alpha")
    EstablishmentFactory(adherent=m1, kind=Establishment.Kind.HEAD_OFFICE, is_head_office=True)
    EstablishmentFactory(adherent=m1, kind=Establishment.Kind.SITE)
    m2 = member(t.a1, D(2026, 2, 10), name="Bravo", kind="tns")
    m3 = member(t.a2, D(2025, 1, 1), name="Charlie")
    EstablishmentFactory(adherent=m3, kind=Establishment.Kind.SITE)
    strike_off(m3, D(2026, 2, 15))
    m4 = member(t.b1, D(2026, 1, 5), name="Delta")
    EstablishmentFactory(adherent=m4, kind=Establishment.Kind.HEAD_OFFICE, is_head_office=True)
    # Struck off before the months asked: never counted.
    strike_off(member(t.a1, D(2020, 1, 1), name="Echo"), D(2025, 11, 3))
    return t, (m1, m2, m3, m4)


def test_members_in_membership_joined_and_struck_off_by_centre():
    t, (m1, m2, m3, m4) = _membership_world()
    compute_facts(MONTHS, today=TODAY, indicator_ids=MEMBERSHIP)
    a, b = selection(t.center_a), selection(t.center_b)
    # A at the end of January: Alpha and Charlie; February (Charlie gone on 15/02, Bravo in on
    # 10/02): Alpha and Bravo; March (read on 20/03): the same. B: Delta from 05/01.
    assert monthly("members_active", a) == [2, 2, 2]
    assert monthly("members_active", b) == [1, 1, 1]
    assert value("members_active", a) == 2  # a stock reads its last month
    assert by_kind("members_active", a) == {"company": 1, "tns": 1}
    assert value("members_active", selection(t.center_a, team_ids=[t.a2.pk], end=JAN)) == 1
    # Flows: Delta joined in January (B), Bravo in February (A); Charlie left in February (A).
    assert monthly("members_joined", a) == [None, 1, None]
    assert monthly("members_joined", b) == [1, None, None]
    assert value("members_left", a) == 1
    assert value("members_left", b) is None
    assert monthly("members_left", a) == [None, 1, None]
    # Establishments: A in January, Alpha's 2 + Charlie's 1; then Alpha's 2. B: Delta's 1.
    assert monthly("establishments_followed", a) == [3, 2, 2]
    assert by_kind("establishments_followed", a) == {"head_office": 1, "site": 1}
    assert value("establishments_followed", b) == 1


def test_membership_drills_list_the_members_of_the_scope():
    t, (m1, m2, m3, m4) = _membership_world()
    _, rows = drill("members_active", t.center_a, start=JAN, end=D(2026, 1, 31))
    assert [r[0] for r in rows] == ["Alpha", "Charlie"]
    _, rows = drill("members_active", t.center_a, start=FEB, end=D(2026, 2, 28), kind="tns")
    assert [r[0] for r in rows] == ["Bravo"]
    _, rows = drill("members_left", t.center_a, start=JAN, end=D(2026, 3, 31))
    assert rows == [("Charlie", m3.siren, "A2", "Entreprise", D(2025, 1, 1), D(2026, 2, 15))]
    _, rows = drill("members_joined", t.center_b, start=JAN, end=D(2026, 3, 31))
    assert [r[0] for r in rows] == ["Delta"]
    _, rows = drill("establishments_followed", t.center_a, start=MAR, end=TODAY)
    assert [(r[4], r[2]) for r in rows] == [
        ("Alpha", "Siège social"),
        ("Alpha", "Établissement secondaire"),
    ]


def test_membership_facts_are_idempotent_and_bounded():
    t, _ = _membership_world()
    small = queries_of_compute(MEMBERSHIP)
    first = {i: cells(i) for i in MEMBERSHIP}
    compute_facts(MONTHS, today=TODAY, indicator_ids=MEMBERSHIP)
    assert {i: cells(i) for i in MEMBERSHIP} == first
    for n in range(6):  # a bigger world: as many queries
        m = member(t.b1 if n % 2 else t.a2, D(2025, 3, n + 1))
        EstablishmentFactory(adherent=m)
        if n % 3 == 0:
            strike_off(m, D(2026, 1, n + 2))
    # Run record (2), per indicator a savepoint, delete, insert, release (4) and its reads:
    # 1 each, 2 for the establishments.
    assert small == queries_of_compute(MEMBERSHIP) == 2 + 4 * 4 + 5


# ----------------------------------------------------------------------- new_member_contact


def _contact_world():
    t = Teams()
    delta = new_member(t.b1, D(2026, 1, 5), name="Delta")  # call due 20/01
    close(delta.trajectory_steps.get(definition__code="welcome_call"), on=D(2026, 1, 18))
    new_member(t.a1, D(2026, 2, 10), name="Bravo")  # due 25/02, still open on 20/03: missed
    fox = new_member(t.a1, D(2026, 2, 1), name="Fox")  # due 16/02, made 20/02: late
    close(fox.trajectory_steps.get(definition__code="welcome_call"), on=D(2026, 2, 20))
    new_member(t.a1, D(2026, 3, 12), name="Golf")  # due 27/03: not yet counted
    hotel = new_member(t.a2, D(2026, 3, 1), name="Hotel")  # due 16/03, made 10/03
    close(hotel.trajectory_steps.get(definition__code="welcome_call"), on=D(2026, 3, 10))
    return t


def test_new_members_contacted_within_the_delay():
    t = _contact_world()
    compute_facts(MONTHS, today=TODAY, indicator_ids=["new_member_contact"])
    a, b = selection(t.center_a), selection(t.center_b)
    # A: February 0 of 2 (Bravo missed, Fox late), March 1 of 1 (Hotel; Golf not yet due).
    assert pair("new_member_contact", a) == (Decimal(1), Decimal(3))
    assert monthly("new_member_contact", a) == [None, Decimal("0.0"), Decimal("100.0")]
    assert value("new_member_contact", b) == Decimal("100.0")  # Delta, 1 of 1
    with time_machine.travel(datetime.datetime(2026, 3, 20, 12, tzinfo=datetime.UTC)):
        _, rows = drill(
            "new_member_contact", t.center_a, start=JAN, end=D(2026, 3, 31), part="rest"
        )
    assert [r[0] for r in rows] == ["Fox", "Bravo"]
    _, rows = drill("new_member_contact", t.center_a, start=JAN, end=D(2026, 3, 31), part="num")
    assert [r[0] for r in rows] == ["Hotel"]
    first = cells("new_member_contact")
    compute_facts(MONTHS, today=TODAY, indicator_ids=["new_member_contact"])
    assert cells("new_member_contact") == first


# ------------------------------------------------------------------------- requests_on_time


def _request(adherent, received, answered=None, **fields):
    r = MemberRequestFactory(adherent=adherent, **fields)
    return set_times(r, created_at=received, first_answered_at=answered)


def test_requests_answered_within_their_delay(settings):
    settings.SPSTI_REQUEST_ANSWER_DAYS = 5
    t = Teams()
    alpha, delta = member(t.a1, D(2025, 6, 1), name="Alpha"), member(t.b1, D(2025, 6, 1))
    _request(alpha, paris(2026, 2, 2), paris(2026, 2, 5))  # due 07/02, on time (February)
    _request(
        alpha, paris(2026, 2, 26), paris(2026, 3, 5), status=RequestStatus.ANSWERED
    )  # due 03/03: late
    _request(alpha, paris(2026, 3, 1))  # due 06/03, never answered: late (March)
    _request(alpha, paris(2026, 3, 17))  # due 22/03, after today: not counted yet
    _request(alpha, paris(2026, 3, 3), status=RequestStatus.ROUTED)  # routed: its referral's
    _request(delta, paris(2026, 3, 2), paris(2026, 3, 3), category=RequestCategory.INVOICE)
    compute_facts(MONTHS, today=TODAY, indicator_ids=["requests_on_time"])
    a, b = selection(t.center_a), selection(t.center_b)
    assert monthly("requests_on_time", a) == [None, Decimal("100.0"), Decimal("0.0")]
    assert pair("requests_on_time", a) == (Decimal(1), Decimal(3))
    assert by_kind("requests_on_time", b) == {"invoice": Decimal("100.0")}
    with time_machine.travel(datetime.datetime(2026, 3, 20, 12, tzinfo=datetime.UTC)):
        columns, rows = drill(
            "requests_on_time", t.center_a, start=MAR, end=D(2026, 3, 31), part="rest"
        )
    assert [(r[0], r[5]) for r in rows] == [
        (D(2026, 2, 26), D(2026, 3, 3)),
        (D(2026, 3, 1), D(2026, 3, 6)),
    ]
    assert "Objet" not in columns  # a member's free text is never listed


# ----------------------------------------------------------------------------- satisfaction


def _answer(question, adherent, rating, answered_at, invitation=None):
    invitation = invitation or SurveyInvitation.objects.create(
        survey=question.survey,
        adherent=adherent,
        email=f"x{adherent.pk}-{answered_at:%m%d}@exemple.fr",
        token_hash=f"{adherent.pk}-{question.pk}-{answered_at:%m%d%H}",
        context_label=f"{answered_at:%d/%m}",
        answered_at=answered_at,
    )
    SurveyAnswer.objects.create(invitation=invitation, question=question, rating=rating)
    return invitation


def test_satisfied_answers_per_kind_of_survey():
    t = Teams()
    alpha, delta = member(t.a1, D(2025, 6, 1)), member(t.b1, D(2025, 6, 1))
    event = SurveyFactory(kind=SurveyKind.EVENT)
    q1, q2 = QuestionFactory(survey=event), QuestionFactory(survey=event)
    yes_no = QuestionFactory(survey=event, kind=QuestionKind.YES_NO)
    yearly = QuestionFactory(survey=SurveyFactory(kind=SurveyKind.YEARLY))
    inv = _answer(q1, alpha, 5, paris(2026, 2, 10))
    SurveyAnswer.objects.create(invitation=inv, question=q2, rating=2)
    SurveyAnswer.objects.create(invitation=inv, question=yes_no, yes=False)  # not a rating
    _answer(yearly, alpha, 4, paris(2026, 3, 2))
    _answer(q1, delta, 3, paris(2026, 3, 5))
    _answer(q1, delta, 5, paris(2025, 12, 30))  # before the months asked
    compute_facts(MONTHS, today=TODAY, indicator_ids=["satisfaction"])
    a, b = selection(t.center_a), selection(t.center_b)
    # A: 5 and 2 (event, February), 4 (yearly, March): 2 of 3. B: 3 (event): 0 of 1.
    assert pair("satisfaction", a) == (Decimal(2), Decimal(3))
    assert by_kind("satisfaction", a) == {"event": Decimal("50.0"), "yearly": Decimal("100.0")}
    assert value("satisfaction", b) == Decimal("0.0")
    _, rows = drill("satisfaction", t.center_a, start=JAN, end=D(2026, 3, 31), part="rest")
    assert [r[-1] for r in rows] == [2]
    assert timezone.is_aware(inv.answered_at)


# ------------------------------------------------------------------------------ no worker


def test_no_drill_of_members_prevention_or_billing_names_a_worker(settings):
    """Management reads counts: whatever the members wrote about a worker (a request, an
    action's description, a free-text answer) never reaches a list behind a figure."""
    from dashboards.catalogue.selectors import indicator
    from dashboards.facts.selectors_sources_members import SOURCES
    from prevention.models import PreventionAction
    from tests.dashboards.facts.test_facturation import invoice
    from tests.prevention.factories import PreventionActionFactory
    from tests.suivi_sante.factories import WorkerFactory

    settings.SPSTI_REQUEST_ANSWER_DAYS = 5
    t, (m1, m2, m3, m4) = _membership_world()
    worker = WorkerFactory(adherent=m1, first_name="Rosalie", last_name="Zwingelstein")
    named = f"{worker.first_name} {worker.last_name}"
    _request(m1, paris(2026, 2, 2), paris(2026, 2, 9), subject=f"Reprise de {named}", body=named)
    PreventionActionFactory(
        adherent=m1, kind=PreventionAction.Kind.WORKSTATION_STUDY,
        performed_on=D(2026, 2, 3), description=f"Poste de {named}",
    )  # fmt: skip
    question = QuestionFactory(survey=SurveyFactory(kind=SurveyKind.VISIT))
    text = QuestionFactory(survey=question.survey, kind=QuestionKind.TEXT)
    inv = _answer(question, m1, 2, paris(2026, 2, 10))
    SurveyAnswer.objects.create(invitation=inv, question=text, text=f"Merci pour {named}")
    invoice(m1, "100.00", D(2026, 1, 5), D(2026, 1, 20))
    seen: dict[str, int] = {}
    for indicator_id, (_, drill_rows) in SOURCES.items():
        if drill_rows is None:
            continue
        for part in indicator(indicator_id).drill or {"all": ""}:
            _, rows = drill(indicator_id, t.center_a, start=JAN, end=D(2026, 3, 31), part=part)
            seen[indicator_id] = seen.get(indicator_id, 0) + len(rows)
            flat = " ".join(str(cell) for row in rows for cell in row)
            assert worker.last_name not in flat, indicator_id
    # The lists holding the worker's name elsewhere were read, and were not empty.
    assert seen["requests_on_time"] == seen["actions_made"] == seen["satisfaction"] == 1
    assert seen["billed"] == 1
