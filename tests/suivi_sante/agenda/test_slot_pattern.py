"""Slots by a weekly pattern over a period: holidays skipped, overlaps skipped and reported."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from suivi_sante.agenda import services_slots as slot_services
from suivi_sante.errors import BookingError
from suivi_sante.models import Slot
from tests.suivi_sante.agenda.support import at, ctx_of, make_slot

pytestmark = pytest.mark.django_db

# Monday 2 March 2026, before the spring's holidays.
TODAY = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
D = datetime.date


@pytest.fixture(autouse=True)
def _spring_2026():
    with time_machine.travel(TODAY, tick=False):
        yield


def _pattern(world, actor="secretary", professional="physician", **extra):
    args = {
        "weekdays": {1, 4},  # Mondays and Thursdays
        "start": datetime.time(9, 0),
        "end": datetime.time(10, 0),
        "duration_minutes": 30,
        "date_from": D(2026, 4, 1),
        "date_to": D(2026, 5, 31),
        **extra,
    }
    return slot_services.create_slot_pattern(
        actor=ctx_of(world, actor), professional=world.actors[professional], **args
    )


def test_mondays_and_thursdays_of_april_and_may_2026_skip_the_three_holidays(world):
    result = _pattern(world)
    # Mondays: 13, 20, 27 April, 4, 11, 18 May (6 April and 25 May are holidays);
    # Thursdays: 2, 9, 16, 23, 30 April, 7, 21, 28 May (14 May is Ascension): 14 days x 2.
    assert len(result.created) == 28
    assert result.holidays == [
        (D(2026, 4, 6), "Lundi de Pâques"),
        (D(2026, 5, 14), "Ascension"),
        (D(2026, 5, 25), "Lundi de Pentecôte"),
    ]
    assert result.overlapping == []
    days = sorted({timezone.localtime(s.starts_at).date() for s in Slot.objects.all()})
    assert days[:3] == [D(2026, 4, 2), D(2026, 4, 9), D(2026, 4, 13)]
    assert D(2026, 4, 6) not in days
    assert D(2026, 5, 1) not in days
    assert {timezone.localtime(s.starts_at).time() for s in Slot.objects.all()} == {
        datetime.time(9, 0),
        datetime.time(9, 30),
    }
    assert {(s.performer, s.center_id) for s in Slot.objects.all()} == {
        ("physician", world.center.pk)
    }


def test_starts_overlapping_the_professionals_slots_are_skipped_and_reported(world):
    make_slot(world, "physician", at(D(2026, 4, 13), 9, 15))  # 9:15-9:45 takes 9:00 and 9:30
    make_slot(world, "nurse", at(D(2026, 4, 16), 9, 0))  # another professional: no clash
    result = _pattern(world)
    assert len(result.created) == 26
    assert result.overlapping == [at(D(2026, 4, 13), 9, 0), at(D(2026, 4, 13), 9, 30)]
    assert Slot.objects.filter(professional=world.actors["physician"]).count() == 27


def test_the_pattern_runs_in_a_flat_number_of_queries(world):
    ctx_of(world, "secretary")  # the access context is read once, then kept in the cache
    with CaptureQueriesContext(connection) as one_week:
        _pattern(world, date_from=D(2026, 4, 13), date_to=D(2026, 4, 19))
    with CaptureQueriesContext(connection) as two_months:
        _pattern(world, professional="nurse")
    assert len(one_week) == len(two_months) <= 10


def test_a_period_of_holidays_only_creates_nothing_and_says_why(world):
    result = _pattern(world, weekdays={1}, date_from=D(2026, 4, 6), date_to=D(2026, 4, 6))
    assert result.created == []
    assert result.holidays == [(D(2026, 4, 6), "Lundi de Pâques")]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"date_from": D(2026, 2, 27)}, "dans le passé"),
        ({"date_to": D(2026, 3, 31)}, "doit suivre"),
        ({"date_to": D(2026, 7, 2)}, "au plus 92 jours"),
        ({"weekdays": set()}, "au moins un jour"),
        ({"end": datetime.time(9, 20)}, "plus courte"),
    ],
)
def test_impossible_patterns_are_refused_in_french(world, extra, message):
    with pytest.raises(BookingError, match=message):
        _pattern(world, **extra)
    assert not Slot.objects.exists()


def test_a_nurse_cannot_create_slots(world):
    with pytest.raises(PermissionDenied):
        _pattern(world, actor="nurse", professional="nurse")


def test_the_page_creates_the_slots_and_lists_what_it_left_out(world, client_for):
    make_slot(world, "physician", at(D(2026, 4, 2), 9, 0))
    response = client_for("secretary").post(
        reverse("backoffice:suivi_sante:slot-pattern"),
        {
            "professional": world.actors["physician"].pk,
            "weekdays": ["4"],
            "date_from": "2026-04-01",
            "date_to": "2026-04-30",
            "start": "09:00",
            "end": "10:00",
            "duration": "30",
            "mode": "in_person",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    # Thursdays 2, 9, 16, 23, 30 April: 10 starts, 9:00 on the 2nd already taken.
    assert "9 créneaux créés" in page
    assert "Jeudi 02/04/2026" in page
    assert Slot.objects.filter(professional=world.actors["physician"]).count() == 10
