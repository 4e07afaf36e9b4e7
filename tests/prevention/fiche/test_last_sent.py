"""The FE's latest sending kept on its row by the database (FicheEntreprise.last_sent_at,
triggers of migration prevention 0009): every write of a version moves it, the bulk paths
included, and the list « à établir » and the forecast read it."""

import datetime

import pgtrigger
import pytest
from django.db import connection
from django.utils import timezone

from prevention.fiche import selectors, services
from prevention.fiche.selectors_forecast import fiche_months_by_team
from prevention.models import FicheEntreprise, FicheVersion
from tests.matrix_prevention.fiche import ctx_of, draft, fiche_of, validated

pytestmark = pytest.mark.django_db
D = datetime.date
GUARD = "prevention.FicheVersion:fe_version_frozen"  # sent versions are frozen: bulk paths only


def noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def stored(fiche) -> datetime.datetime | None:
    return FicheEntreprise.objects.values_list("last_sent_at", flat=True).get(pk=fiche.pk)


def send(world, day: datetime.date) -> FicheVersion:
    actor = ctx_of(world.actors["prevention_assistant"])
    return services.send_version(actor=actor, version=validated(world), today=day)


def to_establish(world, today: datetime.date) -> list[int]:
    ctx = ctx_of(world.actors["prevention_assistant"])
    return [row.pk for row in selectors.fiche_rows(ctx, status="a_etablir", today=today)]


def test_sending_versions_moves_the_date_and_a_draft_does_not(world):
    fiche = fiche_of(world)
    # Opened, never sent, its first deadline in the list's 60 days: to establish.
    FicheEntreprise.objects.filter(pk=fiche.pk).update(first_due_on=D(2026, 12, 20))
    assert stored(fiche) is None
    assert world.establishment.pk in to_establish(world, D(2026, 11, 23))

    first = send(world, D(2026, 11, 23))
    assert stored(fiche) == first.sent_at == noon(D(2026, 11, 23))
    assert world.establishment.pk not in to_establish(world, D(2026, 11, 23))

    second = send(world, D(2027, 3, 2))
    draft(world)  # the next version in progress changes nothing
    assert stored(fiche) == second.sent_at == noon(D(2027, 3, 2))

    # The forecast groups the establishment by the month of that latest sending.
    (row,) = [r for r in fiche_months_by_team([world.team.pk]) if r["last_sent_month"]]
    assert (row["last_sent_month"], row["first_due_month"]) == (D(2027, 3, 1), None)
    # The list shows it sent (has_sent), from the same column.
    ctx = ctx_of(world.actors["prevention_assistant"])
    (listed,) = [
        r for r in selectors.fiche_rows(ctx, today=D(2027, 3, 2)) if r.pk == world.establishment.pk
    ]
    assert listed.last_sent_at == second.sent_at


def test_bulk_writes_keep_the_date_too(world):
    """A COPY-like INSERT of sent versions (the large dataset's path, the guard set aside),
    their deletion and a TRUNCATE go through the same triggers."""
    fiche = fiche_of(world)
    template = validated(world)
    with pgtrigger.ignore(GUARD), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO prevention_ficheversion (fiche_id, number, status, thesaurus_id, "
            "drafted_by_id, validated_by_id, validated_at, sent_at, observations, "
            "recommendations, pdf, sha256, created_at, updated_at) "
            "SELECT fiche_id, number + n, 'sent', thesaurus_id, drafted_by_id, validated_by_id, "
            "validated_at, %s + n * interval '100 days', '', '', 'fe.pdf', repeat('a', 64), "
            "created_at, updated_at FROM prevention_ficheversion, generate_series(1, 3) AS n "
            "WHERE id = %s",
            [noon(D(2020, 1, 1)), template.pk],
        )
    first = noon(D(2020, 1, 1)).astimezone(datetime.UTC)  # SQL's day arithmetic, in UTC
    assert stored(fiche) == first + datetime.timedelta(days=300)
    with pgtrigger.ignore(GUARD):
        FicheVersion.objects.filter(fiche=fiche, number=template.number + 3).delete()
        assert stored(fiche) == first + datetime.timedelta(days=200)
        FicheVersion.objects.filter(fiche=fiche, status="sent").delete()
    assert stored(fiche) is None

    send(world, D(2026, 5, 4))
    assert stored(fiche) == noon(D(2026, 5, 4))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's pending foreign key checks
        cursor.execute("TRUNCATE prevention_ficheversion CASCADE")
    assert stored(fiche) is None
