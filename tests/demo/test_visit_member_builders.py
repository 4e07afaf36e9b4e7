"""The demo and benchmark builders write each visit's member themselves (Visit.adherent, the
worker's member when booked): the database's fallback trigger is off here, so a builder that
left it out would fail on NOT NULL instead of being rescued by it."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from demo.large import write_large
from demo.large_history import HISTORY_REASON, write_large_history
from demo.large_history_departed import DEPARTED_REASON, write_departed
from demo.large_history_older import OLDER_REASON, write_older_visits
from suivi_sante.models import Visit
from tests.suivi_sante.agenda.support import member_trigger_off

TODAY = datetime.date(2026, 11, 23)


@pytest.mark.django_db
def test_every_builder_records_the_workers_member_on_its_visits():
    with member_trigger_off():
        call_command("seed_demo", stdout=StringIO())  # demo/history.py's bulk_create
        demo_visits = Visit.objects.count()
        with transaction.atomic():
            write_large(7, TODAY, lambda _: None, adherents_total=80, workers_total=1_300)
        with transaction.atomic():  # COPY
            assert write_large_history(7, TODAY, lambda _: None)
        with transaction.atomic():  # INSERT ... SELECT
            assert write_older_visits(TODAY, lambda _: None)
        with transaction.atomic():  # the same, for workers written in the same transaction
            assert write_departed(TODAY, lambda _: None)
    assert demo_visits > 0
    for reason in (HISTORY_REASON, OLDER_REASON, DEPARTED_REASON):
        assert Visit.objects.filter(due_reason=reason).count() > 100
    # No worker moved meanwhile: the member of the booking is the worker's.
    assert not Visit.objects.exclude(adherent_id=F("worker__adherent_id")).exists()
