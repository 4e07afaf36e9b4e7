"""The law corrections of issue 11 reach the stored schedules: the facts read from the database
(effective work days, R4624-23 II posts) and the data migration of the mid-career visit."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from suivi_sante.models import DueVisit, Worker
from suivi_sante.schedule import services as schedule
from tests.suivi_sante.factories import DueVisitFactory, EmploymentFactory, WorkerFactory

TODAY = datetime.date(2026, 11, 23)

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "suivi_sante.migrations.0008_recompute_schedules_after_law_corrections"
)


@pytest.mark.parametrize(
    ("effective_days", "emae_due"),
    [(44, False), (45, True)],  # D4625-22: the aptitude exam from 45 days of effective work
)
def test_stored_seasonal_schedule_reads_the_declared_effective_work_days(effective_days, emae_due):
    employment = EmploymentFactory(
        start_on=datetime.date(2026, 12, 1),
        end_on=datetime.date(2027, 3, 31),
        contract="SAISONNIER",
        sir_risks=["agents_biologiques_3_4"],
        effective_work_days=effective_days,
    )
    schedule.refresh_due_visits([employment.worker_id], today=TODAY)
    kinds = set(DueVisit.objects.filter(worker=employment.worker).values_list("kind", flat=True))
    assert ("EMAE" in kinds) is emae_due
    worker = Worker.objects.get(pk=employment.worker_id)
    notice = "actions collectives de formation et de prévention (AFP)"
    assert (notice in worker.category_justification) is not emae_due


def test_ended_post_with_loads_over_55_kg_keeps_its_end_of_exposure_visit():
    # R4624-23 II, R4541-9: a post conditioned by an aptitude check is a SIR post (R4624-28-1).
    employment = EmploymentFactory(
        start_on=datetime.date(2020, 1, 6),
        end_on=datetime.date(2026, 10, 30),
        aptitude_jobs=["charges_55kg"],
    )
    schedule.refresh_due_visits([employment.worker_id], today=TODAY)
    end = DueVisit.objects.get(worker=employment.worker, kind="FIN_CARRIERE")
    assert end.due_on == datetime.date(2026, 10, 30)
    assert "R4541-9" in end.reason


def test_effective_work_days_of_zero_are_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        EmploymentFactory(effective_work_days=0)


def test_migration_drops_mid_career_rows_of_a_45th_year_before_31_march_2022_and_marks_stale():
    # L4624-2-2 in force on 31/03/2022 (loi 2021-1018): 45 in 2021 owes none, 45 in 2022 does.
    turned_45_in_2021 = WorkerFactory(birth_date=datetime.date(1976, 12, 31))
    turned_45_in_2022 = WorkerFactory(birth_date=datetime.date(1977, 1, 1))
    for worker, due_on in (
        (turned_45_in_2021, (2021, 12, 31)),
        (turned_45_in_2022, (2022, 12, 31)),
    ):
        DueVisitFactory(worker=worker, kind="MI_CARRIERE", due_on=datetime.date(*due_on))
    Worker.objects.update(schedule_stale=False)

    MIGRATION.forwards(apps, None)

    remaining = DueVisit.objects.filter(kind="MI_CARRIERE").values_list("worker_id", flat=True)
    assert list(remaining) == [turned_45_in_2022.pk]
    assert not Worker.objects.filter(schedule_stale=False).exists()
