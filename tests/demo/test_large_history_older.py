"""Ten years of older visits for the benchmark dataset (demo/large_history_older.py), written
at a tiny scale: the INSERT ... SELECT fills every NOT NULL column and passes the CHECK
constraints, keeps the national proportions, stays out of the dashboards' 13-month window, and
writes nothing the second time."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from accounts.models import StaffAssignment
from demo.large import write_large
from demo.large_history import WINDOW_DAYS
from demo.large_history_older import OLDER_REASON, YEARS, older_history_present, write_older_visits
from suivi_sante.models import Convocation, Employment, Visit

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.django_db
def test_older_visits_cover_ten_years_before_the_window_with_national_proportions():
    call_command("seed_demo", stdout=StringIO())
    with transaction.atomic():
        write_large(7, TODAY, lambda _: None, adherents_total=80, workers_total=1_300)
    assert not older_history_present()
    with transaction.atomic():
        assert write_older_visits(TODAY, lambda _: None)
    visits = Visit.objects.filter(due_reason=OLDER_REASON)
    window_start = TODAY - datetime.timedelta(days=WINDOW_DAYS)
    ten_years_ago = TODAY.replace(year=TODAY.year - YEARS)
    first, last = (
        visits.order_by(order).values_list("scheduled_at", flat=True).first()
        for order in ("scheduled_at", "-scheduled_at")
    )
    assert ten_years_ago - datetime.timedelta(days=3) <= first.date()
    assert last.date() < window_start
    # About 0.45 a worker a year over the years each worker was employed in the period.
    years = sum(
        (window_start - max(start or ten_years_ago, ten_years_ago)).days / 365
        for start in Employment.objects.order_by("worker_id", "pk")
        .distinct("worker_id")
        .values_list("start_on", flat=True)
        if (start or ten_years_ago) < window_start
    )
    assert 0.40 * years < visits.count() < 0.50 * years
    assert not visits.filter(scheduled_at__week_day__in=[1, 7]).exists()  # no weekend
    held = visits.filter(status="held")
    assert 0.80 < held.count() / visits.count() < 0.88
    by_nurse = held.filter(performer="nurse")
    assert by_nurse.exists()
    protocol_start = TODAY - datetime.timedelta(days=5 * 365)
    assert not by_nurse.filter(scheduled_at__date__lt=protocol_start).exists()
    assert not by_nurse.filter(kind__in=["EMAE", "SIR_PERIODIQUE", "FIN_CARRIERE"]).exists()
    assert held.filter(mode="teleconsultation").exists()
    assert not held.filter(held_at__lt=F("scheduled_at")).exists()
    assert not visits.exclude(team_id=F("worker__adherent__team_id")).exists()
    for performer in ("physician", "nurse"):
        performers = visits.filter(performer=performer).values("professional_id")
        assert (
            not StaffAssignment.objects.filter(user_id__in=performers)
            .exclude(role=performer)
            .exists()
        )
    convocations = Convocation.objects.filter(visit__in=visits)
    assert 0.85 * visits.count() < convocations.count() < 0.97 * visits.count()
    assert not convocations.exclude(
        establishment__adherent_id=F("visit__worker__adherent_id")
    ).exists()
    assert not convocations.filter(sent_at__gte=F("visit__scheduled_at")).exists()

    # Idempotent: a second run writes nothing.
    count = Visit.objects.count()
    with transaction.atomic():
        assert not write_older_visits(TODAY, lambda _: None)
    assert Visit.objects.count() == count
