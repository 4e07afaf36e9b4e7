"""suivi_sante's headcount, plugged into adherents.hooks: current posts by current category."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adherents import hooks
from tests.adherents.factories import EstablishmentFactory
from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def hire(establishment, category, **post):
    worker = WorkerFactory(adherent=establishment.adherent, category=category)
    EmploymentFactory(worker=worker, establishment=establishment, **post)
    return worker


def test_current_workers_are_counted_by_their_current_category(world):
    site = world.establishment
    today = timezone.localdate()
    for _ in range(3):
        hire(site, "SI")
    hire(site, "SIA")
    hire(site, "SIR", end_on=today)  # leaves tonight: still here today
    hire(site, "SI", start_on=datetime.date(2020, 1, 1), end_on=today - datetime.timedelta(1))
    hire(site, "SI", start_on=today + datetime.timedelta(days=10))  # hired next week
    twice = hire(site, "SIA")
    EmploymentFactory(worker=twice, establishment=site, job_title="Second poste")
    merged = hire(site, "SI")
    merged.merged_into, merged.merged_at = twice, timezone.now()
    merged.save()
    other_site = EstablishmentFactory(adherent=world.adherent)
    hire(other_site, "SIR")
    empty_site = EstablishmentFactory(adherent=world.adherent)

    with CaptureQueriesContext(connection) as queries:
        counts = hooks.headcount_by_category([site.pk, other_site.pk, empty_site.pk])
    assert len(queries) == 1
    assert counts == {
        site.pk: {"si": 3, "sia": 2, "sir": 1},
        other_site.pk: {"si": 0, "sia": 0, "sir": 1},
    }


def test_a_physicians_category_is_the_one_counted(world):
    worker = hire(world.establishment, "SI")
    worker.category, worker.category_source = "SIR", "physician"
    worker.category_override_reason = "Exposition au plomb au-delà des seuils"
    worker.save()
    counts = hooks.headcount_by_category([world.establishment.pk])
    assert counts[world.establishment.pk] == {"si": 0, "sia": 0, "sir": 1}
