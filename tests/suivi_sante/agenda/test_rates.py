"""Follow-up indicators: unexcused absence rate, teleconsultation share, split of held visits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from suivi_sante.agenda import selectors
from tests.accounts.factories import StaffUserFactory
from tests.adherents.factories import AdherentFactory
from tests.suivi_sante.agenda.support import active_protocol, at, ctx_of
from tests.suivi_sante.factories import VisitFactory, WorkerFactory

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


def _visits(worker, status, count, *, on=datetime.date(2026, 3, 10), **extra):
    professional = extra.pop("professional", None) or StaffUserFactory()
    for n in range(count):
        VisitFactory(
            worker=worker,
            status=status,
            scheduled_at=at(on, 8) + datetime.timedelta(minutes=30 * n),
            held_at=at(on, 9) if status == "held" else None,
            professional=professional,
            **extra,
        )


@pytest.fixture
def visits(world):
    """Member A: 6 held (2 by video, 3 by a nurse), 1 excused, 3 unexcused. Member B: 1 and 1."""
    a, b = world.worker, WorkerFactory(adherent=world.other_adherent)
    protocol = active_protocol(world)
    _visits(a, "held", 1)
    _visits(
        a,
        "held",
        2,
        mode="teleconsultation",
        teleconsultation_consent_at=timezone.now(),
        on=datetime.date(2026, 3, 11),
    )
    _visits(a, "held", 3, protocol=protocol, performer="nurse", on=datetime.date(2026, 3, 12))
    _visits(a, "excused_absence", 1, on=datetime.date(2026, 3, 13))
    _visits(a, "unexcused_absence", 3, on=datetime.date(2026, 3, 16))
    _visits(a, "planned", 2, on=datetime.date(2026, 3, 17))  # not counted
    _visits(a, "cancelled", 2, on=datetime.date(2026, 3, 18))  # not counted
    _visits(b, "held", 1, kind="EMAE")
    _visits(b, "unexcused_absence", 1, on=datetime.date(2026, 6, 30))  # last day: counted
    _visits(b, "unexcused_absence", 4, on=datetime.date(2026, 7, 1))  # after the period
    _visits(b, "unexcused_absence", 4, on=datetime.date(2025, 12, 31))  # before it
    elsewhere = WorkerFactory(adherent=AdherentFactory(team=world.other_team))
    _visits(elsewhere, "unexcused_absence", 5)  # another centre
    return world


def test_absence_rates_per_member_with_concrete_numbers(visits):
    rows = list(selectors.absence_rates(ctx_of(visits, "secretary"), start=START, end=END))
    assert [
        (r["worker__adherent__name"], r["held"], r["excused"], r["unexcused"], r["rate"])
        for r in rows
    ] == [
        ("Garage Bêta", 1, 0, 1, 0.5),  # 1 / 2
        ("Boulangerie Alpha", 6, 1, 3, 0.3),  # 3 / (6 + 1 + 3)
    ]


def test_centre_totals_teleconsultation_share_and_split(visits):
    ctx = ctx_of(visits, "physician")
    totals = selectors.followup_totals(ctx, start=START, end=END)
    assert (totals.held, totals.excused, totals.unexcused) == (7, 1, 4)
    assert totals.unexcused_rate == pytest.approx(4 / 12)
    assert totals.teleconsultation_share == pytest.approx(2 / 7)
    assert [
        (r["performer"], r["kind"], r["count"])
        for r in selectors.held_split(ctx, start=START, end=END)
    ] == [("nurse", "VIP", 3), ("physician", "EMAE", 1), ("physician", "VIP", 3)]
    other_centre = selectors.followup_totals(
        ctx_of(visits, "physician_other"), start=START, end=END
    )
    assert (other_centre.unexcused, other_centre.unexcused_rate) == (5, 1.0)


def test_the_indicators_page_shows_the_rates_in_french(visits, client_for):
    page = client_for("secretary").get(
        reverse("backoffice:suivi_sante:followup-indicators"),
        {"du": START.isoformat(), "au": END.isoformat()},
    )
    html = page.content.decode()
    assert '<dd class="col-sm-7" id="unexcused-rate">33,3&nbsp;%</dd>' in html
    assert "28,6&nbsp;% (2 sur 7)" in html
    assert "Infirmier(ère) en santé au travail" in html
    assert "50,0&nbsp;%" in html  # Garage Bêta
    assert "30,0&nbsp;%" in html  # Boulangerie Alpha


def test_the_members_convocation_list_shows_its_rate(visits, client_for):
    page = client_for("secretary").get(
        reverse("backoffice:suivi_sante:adherent-convocations", args=[visits.adherent.pk]),
        {"du": START.isoformat(), "au": END.isoformat()},
    )
    assert "30,0&nbsp;% (3 absences non excusées sur 10" in page.content.decode()


def test_no_visit_gives_no_rate_rather_than_zero(world, client_for):
    totals = selectors.followup_totals(ctx_of(world, "secretary"), start=START, end=END)
    assert (totals.unexcused_rate, totals.teleconsultation_share) == (None, None)
    page = client_for("secretary").get(reverse("backoffice:suivi_sante:followup-indicators"))
    assert '<dd class="col-sm-7" id="unexcused-rate">—</dd>' in page.content.decode()
