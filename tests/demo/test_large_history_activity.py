"""The benchmark dataset's prevention visits and member requests (demo/large_history_activity.py),
written at a tiny scale: complete rows through COPY (every NOT NULL column, the CHECK
constraints), the orders of magnitude and statuses a real service has, visible in the centres'
lists, and idempotence."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction

from adherents.models import Adherent, Establishment, MemberRequest
from demo.large import write_large
from demo.large_history_activity import SUBJECT, activity_present, write_activity
from prevention.models import PreventionVisit

TODAY = datetime.date(2026, 11, 23)
PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.django_db
def test_the_activity_writes_visits_and_requests_a_centre_lists():
    call_command("seed_demo", stdout=StringIO())
    with transaction.atomic():
        write_large(7, TODAY, lambda _: None, adherents_total=120, workers_total=1_300)
        visits_before = PreventionVisit.objects.count()
        assert write_activity(TODAY, lambda _: None)
    establishments = Establishment.objects.filter(adherent__kind=Adherent.Kind.COMPANY).count()
    visits = PreventionVisit.objects.count() - visits_before
    # About one visit every seven years per establishment, over five years and three months.
    assert 0.4 * establishments < visits < 1.2 * establishments
    held = PreventionVisit.objects.filter(status="held")
    assert held.exists()
    assert not held.filter(held_on__gt=TODAY).exists()
    planned = PreventionVisit.objects.filter(status="planned", scheduled_on__gte=TODAY)
    assert planned.exists()
    assert not PreventionVisit.objects.filter(status="planned", held_on__isnull=False).exists()
    assert PreventionVisit.objects.filter(status="cancelled").count() < 0.2 * visits

    requests = MemberRequest.objects.filter(subject=SUBJECT)
    members = Adherent.objects.count()
    # A little over one a year for each member, over three years (fewer for recent members).
    assert 1.5 * members < requests.count() < 4.5 * members
    closed = requests.filter(status="closed")
    assert closed.count() > 0.8 * requests.count()
    assert not closed.filter(closed_at__isnull=True).exists()
    assert not closed.filter(first_answered_at__isnull=True).exists()
    month_ago = datetime.datetime.combine(
        TODAY - datetime.timedelta(days=31), datetime.time(), PARIS
    )
    assert not requests.exclude(status="closed").filter(created_at__lt=month_ago).exists()
    assert requests.filter(status="new", assigned_to__isnull=True).exists()
    assert not requests.filter(status="answered", first_answered_at__isnull=True).exists()
    # Every row belongs to a member of a team, so a centre's lists show them.
    assert not requests.filter(adherent__team__isnull=True).exists()

    count = MemberRequest.objects.count()
    with transaction.atomic():
        assert activity_present()
        assert not write_activity(TODAY, lambda _: None)
    assert MemberRequest.objects.count() == count
