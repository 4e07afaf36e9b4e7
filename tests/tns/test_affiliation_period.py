"""The affiliation's period in the database and through the services: end ≥ start + 1 year, the
anniversary included (art. D4622-27-3), 29 February falling on the 28th; the migration that
gave the periods written before their missing day."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from tests.tns.factories import affiliation_for, application, ctx_of, grid, offer_for
from tns.affiliations import services
from tns.models import AffiliationStatus, TnsAffiliation

D = datetime.date
MIGRATION = importlib.import_module("tns.migrations.0005_affiliation_ends_on_the_anniversary")


def _paris_morning(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 9, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("start", "too_early", "shortest"),
    [
        (D(2026, 3, 1), D(2027, 2, 28), D(2027, 3, 1)),
        (D(2028, 2, 29), D(2029, 2, 27), D(2029, 2, 28)),  # no 29/02 in 2029
        (D(2027, 3, 1), D(2028, 2, 29), D(2028, 3, 1)),
    ],
)
def test_the_database_refuses_an_end_before_the_first_anniversary(
    world, start, too_early, shortest
):
    person = world.actors["portal_admin"]
    with pytest.raises(IntegrityError), transaction.atomic():
        affiliation_for(person, world.adherent, start_on=start, end_on=too_early)
    affiliation = affiliation_for(person, world.adherent, start_on=start, end_on=shortest)
    assert affiliation.is_open_on(shortest)
    assert not affiliation.is_open_on(shortest + datetime.timedelta(days=1))


def test_joining_on_29_february_runs_to_28_february_and_the_renewal_from_1_march(world):
    with time_machine.travel(_paris_morning(D(2028, 2, 1)), tick=False) as frozen:
        grid(2028)
        grid(2029)
        offer_for(world.team)
        affiliation = services.join_self_employed(application(start_on=D(2028, 2, 29)))
        assert (affiliation.start_on, affiliation.end_on) == (D(2028, 2, 29), D(2029, 2, 28))
        assert "29/02/2028 au 28/02/2029" in affiliation.invoice.lines.get().label
        frozen.move_to(_paris_morning(D(2029, 1, 15)))
        renewal = services.renew(actor=ctx_of(affiliation.person), affiliation=affiliation)
    assert (renewal.start_on, renewal.end_on) == (D(2029, 3, 1), D(2030, 3, 1))


def _drop_the_one_year_constraint() -> None:
    """As the table stood before the migration (ends on the eve of the anniversary); dropped
    inside the test's transaction only."""
    with connection.schema_editor() as editor:
        for constraint in TnsAffiliation._meta.constraints:
            editor.remove_constraint(TnsAffiliation, constraint)


def test_migration_gives_each_period_its_missing_day_without_overlap(world):
    _drop_the_one_year_constraint()
    person, adherent = world.actors["portal_admin"], world.adherent
    ended = affiliation_for(
        person, adherent, start_on=D(2024, 2, 29), end_on=D(2025, 2, 27), status="expired"
    )
    first = affiliation_for(
        person, adherent, start_on=D(2025, 3, 2), end_on=D(2026, 3, 1), status="expired"
    )
    renewal = affiliation_for(
        person, adherent, start_on=D(2026, 3, 2), end_on=D(2027, 3, 1), renewed_from=first
    )
    longer = affiliation_for(
        world.actors["portal_other"], adherent, start_on=D(2026, 1, 5), end_on=D(2027, 6, 30)
    )
    with time_machine.travel(_paris_morning(D(2026, 6, 1)), tick=False):
        MIGRATION.extend_to_the_anniversary(apps, None)
    for row in (ended, first, renewal, longer):
        row.refresh_from_db()
    assert (ended.start_on, ended.end_on) == (D(2024, 2, 29), D(2025, 2, 28))
    assert (first.start_on, first.end_on) == (D(2025, 3, 2), D(2026, 3, 2))
    # the renewal starts the day after its predecessor's new end, and lasts its own year
    assert (renewal.start_on, renewal.end_on) == (D(2026, 3, 3), D(2027, 3, 3))
    assert (longer.start_on, longer.end_on) == (D(2026, 1, 5), D(2027, 6, 30))  # unchanged
    assert ended.status == first.status == AffiliationStatus.EXPIRED


def test_migration_reopens_a_period_whose_new_last_day_is_today(world):
    _drop_the_one_year_constraint()
    closed_this_morning = affiliation_for(
        world.actors["portal_admin"],
        world.adherent,
        start_on=D(2025, 6, 1),
        end_on=D(2026, 5, 31),
        status="expired",
        expired_on=D(2026, 6, 1),
    )
    with time_machine.travel(_paris_morning(D(2026, 6, 1)), tick=False):
        MIGRATION.extend_to_the_anniversary(apps, None)
    closed_this_morning.refresh_from_db()
    assert closed_this_morning.end_on == D(2026, 6, 1)
    assert closed_this_morning.status == AffiliationStatus.ACTIVE
    assert closed_this_morning.expired_on is None
