"""Follow-up indicators: unexcused absence rate, teleconsultation share, split of held visits."""

import datetime

import pytest
from django.db.models import Count, F, FloatField, Q
from django.db.models.functions import Cast, NullIf
from django.urls import reverse
from django.utils import timezone

from suivi_sante.agenda import selectors
from suivi_sante.models import Visit, Worker
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
        (r["adherent_name"], r["held"], r["excused"], r["unexcused"], r["rate"]) for r in rows
    ] == [
        ("Garage Bêta", 1, 0, 1, 0.5),  # 1 / 2
        ("Boulangerie Alpha", 6, 1, 3, 0.3),  # 3 / (6 + 1 + 3)
    ]


def test_centre_totals_teleconsultation_share_and_split(visits):
    ctx = ctx_of(visits, "physician")
    figures = selectors.followup_figures(ctx, start=START, end=END)
    totals = figures.totals
    assert (totals.held, totals.excused, totals.unexcused) == (7, 1, 4)
    assert totals.unexcused_rate == pytest.approx(4 / 12)
    assert totals.teleconsultation_share == pytest.approx(2 / 7)
    assert [(r["performer"], r["kind"], r["count"]) for r in figures.split] == [
        ("nurse", "VIP", 3),
        ("physician", "EMAE", 1),
        ("physician", "VIP", 3),
    ]
    other_centre = selectors.followup_figures(
        ctx_of(visits, "physician_other"), start=START, end=END
    ).totals
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
    totals = selectors.followup_figures(ctx_of(world, "secretary"), start=START, end=END).totals
    assert (totals.unexcused_rate, totals.teleconsultation_share) == (None, None)
    page = client_for("secretary").get(reverse("backoffice:suivi_sante:followup-indicators"))
    assert '<dd class="col-sm-7" id="unexcused-rate">—</dd>' in page.content.decode()


def _rates_by_the_workers_member(ctx, start, end) -> list[tuple]:
    """The query before Visit.adherent (the oracle): visits grouped by their worker's member."""
    counts = {
        name: Count("pk", filter=Q(status=status))
        for name, status in (
            ("held", "held"),
            ("excused", "excused_absence"),
            ("unexcused", "unexcused_absence"),
        )
    }
    rate = Cast(F("unexcused"), FloatField()) / Cast(
        NullIf(F("held") + F("excused") + F("unexcused"), 0), FloatField()
    )
    rows = (
        selectors._in_period(ctx, start, end)
        .values("worker__adherent_id", "worker__adherent__name")
        .annotate(**counts)
        .filter(Q(held__gt=0) | Q(excused__gt=0) | Q(unexcused__gt=0))
        .annotate(rate=rate)
        .order_by(F("rate").desc(nulls_last=True), "worker__adherent__name")
    )
    return [
        (
            r["worker__adherent_id"],
            r["worker__adherent__name"],
            r["held"],
            r["excused"],
            r["unexcused"],
            r["rate"],
        )
        for r in rows
    ]


def _rates(ctx, start=START, end=END) -> list[tuple]:
    return [
        (r["adherent_id"], r["adherent_name"], r["held"], r["excused"], r["unexcused"], r["rate"])
        for r in selectors.absence_rates(ctx, start=start, end=end)
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [(START, END), (datetime.date(2026, 3, 12), datetime.date(2026, 3, 16)), (END, END)],
)
def test_the_rates_by_booked_member_are_the_rates_by_workers_member_when_no_one_moved(
    visits, start, end
):
    for actor in ("secretary", "physician_other"):
        ctx = ctx_of(visits, actor)
        assert _rates(ctx, start, end) == _rates_by_the_workers_member(ctx, start, end)
    assert _rates(ctx_of(visits, "secretary"))[0][1:] == ("Garage Bêta", 1, 0, 1, 0.5)


def test_a_worker_who_moves_leaves_the_visits_with_the_member_they_were_booked_for(visits):
    ctx = ctx_of(visits, "secretary")
    before = _rates(ctx)
    Worker.objects.filter(pk=visits.worker.pk).update(adherent=visits.other_adherent)
    assert _rates(ctx) == before
    assert [r[1:5] for r in _rates(ctx)] == [
        ("Garage Bêta", 1, 0, 1),
        ("Boulangerie Alpha", 6, 1, 3),
    ]
    # Grouped by the worker's member of today, the first member's history went with him.
    assert [r[1:5] for r in _rates_by_the_workers_member(ctx, START, END)] == [
        ("Garage Bêta", 7, 1, 4)
    ]
    page = selectors.absence_rates(ctx, start=START, end=END, adherent_id=visits.adherent.pk)
    assert (page.get()["held"], page.get()["unexcused"]) == (6, 3)


def test_the_indicators_page_reads_a_bounded_number_of_queries(
    visits, client_for, django_assert_max_num_queries
):
    url = reverse("backoffice:suivi_sante:followup-indicators")
    params = {"du": START.isoformat(), "au": END.isoformat()}
    client = client_for("secretary")
    client.get(url, params)
    with django_assert_max_num_queries(12) as few:
        client.get(url, params)
    for _ in range(30):  # thirty more members, one visit each
        _visits(WorkerFactory(adherent=AdherentFactory(team=visits.team)), "held", 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, params)
    assert page.content.decode().count('/convocations/"') == 32  # every member, one link each
    assert Visit.objects.filter(team=visits.team).values("adherent").distinct().count() == 32
