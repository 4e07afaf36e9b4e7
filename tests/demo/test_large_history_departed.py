"""The benchmark dataset's departed workers (demo/large_history_departed.py), written at a tiny
scale after the rest of the history: each post keeps its headcount over the ten years, the
visits keep the national rate, the departed are nowhere current (lists, dues, dashboards), and
the batch is deterministic and written once."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q

from accounts.context import build_context
from accounts.enums import StaffRole
from accounts.models import StaffAssignment
from demo import seed_large_history
from demo.large import indexes_deferred, write_large
from demo.large_history import HISTORY_REASON, WINDOW_DAYS, write_large_history
from demo.large_history_departed import DEPARTED_REASON, departed_present, write_departed
from demo.large_history_older import OLDER_REASON, YEARS, write_older_visits
from suivi_sante.models import Convocation, DueVisit, Employment, Visit, Worker
from suivi_sante.workers.selectors import WorkerFilters, worker_list
from suivi_sante.workers.selectors_facts import workers_followed_facts
from tests.suivi_sante.workers.test_models_duplicates import _exact

TODAY = datetime.date(2026, 11, 23)
WINDOW_START = TODAY - datetime.timedelta(days=WINDOW_DAYS)
SINCE = TODAY.replace(year=TODAY.year - YEARS)
MONTHS = [datetime.date(2026, month, 1) for month in range(1, 12)]


class _RollbackError(Exception):
    pass


def _fingerprint() -> tuple[list, list]:
    """The departed workers and their visits, ids made relative to the batch's first ones."""
    employments = Employment.objects.filter(worker__visits__due_reason=DEPARTED_REASON).distinct()
    first = min(employments.values_list("worker_id", flat=True))
    people = list(
        Employment.objects.filter(worker_id__gte=first)
        .order_by("worker_id")
        .values_list(
            "establishment_id",
            "contract",
            "start_on",
            "end_on",
            "worker__last_name",
            "worker__first_name",
            "worker__birth_date",
        )
    )
    visits = list(
        Visit.objects.filter(due_reason=DEPARTED_REASON)
        .order_by("pk")
        .values_list("worker_id", "kind", "status", "scheduled_at", "professional_id")
    )
    return people, [(worker - first, *rest) for worker, *rest in visits]


def _written_then_rolled_back() -> tuple[list, list]:
    try:
        with transaction.atomic():
            assert write_departed(TODAY, lambda _: None)
            written = _fingerprint()
            raise _RollbackError
    except _RollbackError:
        return written


@pytest.mark.django_db
def test_departed_workers_fill_the_posts_over_ten_years_and_are_nowhere_current():
    call_command("seed_demo", stdout=StringIO())
    with transaction.atomic():
        write_large(7, TODAY, lambda _: None, adherents_total=80, workers_total=1_300)
    present = set(Worker.objects.values_list("pk", flat=True))
    with transaction.atomic():
        write_large_history(7, TODAY, lambda _: None)
    with transaction.atomic():
        write_older_visits(TODAY, lambda _: None)
    followed = workers_followed_facts(MONTHS, TODAY)
    dues = DueVisit.objects.count()
    assert not departed_present()

    # Deterministic: the same batch, rolled back, then written again.
    first_run = _written_then_rolled_back()
    with transaction.atomic():
        assert write_departed(TODAY, lambda _: None)
    assert _fingerprint() == first_run

    departed = Worker.objects.exclude(pk__in=present)
    employments = Employment.objects.filter(worker__in=departed)
    assert departed.count() == employments.count() > 0.5 * len(present)
    # Each left (a past end date, as a declared departure) before the dashboards' window.
    assert not employments.filter(Q(end_on__isnull=True) | Q(end_on__gte=WINDOW_START)).exists()
    assert not employments.filter(end_on__lt=SINCE).exists()
    assert not employments.filter(end_on__lt=F("start_on")).exists()
    assert not departed.exclude(adherent_id=F("employments__establishment__adherent_id")).exists()
    assert not departed.filter(schedule_stale=True).exists()
    # Their duplicate keys, whose trigger the load skipped, rebuilt: exact.
    keyed = {pk for ids in _exact().values() for pk in ids}
    assert keyed >= set(departed.values_list("pk", flat=True))

    # Their visits: within their stay, about 0.45 a worker a year.
    visits = Visit.objects.filter(due_reason=DEPARTED_REASON)
    assert not visits.exclude(worker__in=departed).exists()
    assert not visits.filter(scheduled_at__date__lt=F("employment__start_on")).exists()
    assert not visits.filter(scheduled_at__date__gt=F("employment__end_on")).exists()
    assert not visits.filter(scheduled_at__date__lt=SINCE - datetime.timedelta(days=3)).exists()
    years = sum(
        ((end - max(start, SINCE)).days + 1) / 365
        for start, end in employments.values_list("start_on", "end_on")
    )
    assert 0.40 * years < visits.count() < 0.50 * years
    assert 0.80 < visits.filter(status="held").count() / visits.count() < 0.88
    # With the present workers' visits, the posts' ten years at the national rate.
    posts_years = len(present) * YEARS
    every = Visit.objects.filter(due_reason__in=[HISTORY_REASON, OLDER_REASON, DEPARTED_REASON])
    assert 0.38 * posts_years < every.count() < 0.50 * posts_years

    # Nowhere current: no deadline, not in the dashboards' workers followed, not in a list of
    # running contracts but in the list of ended ones.
    assert DueVisit.objects.count() == dues
    assert not DueVisit.objects.filter(worker__in=departed).exists()
    assert workers_followed_facts(MONTHS, TODAY) == followed
    physician = StaffAssignment.objects.filter(role=StaffRole.PHYSICIAN).first()
    ctx = build_context(physician.user, {}, mfa_passed=True)
    in_scope = set(departed.filter(adherent__team_id__in=ctx.team_ids).values_list("pk", flat=True))
    assert in_scope
    running = worker_list(ctx, filters=WorkerFilters(employment="en_cours"))
    assert not running.filter(pk__in=in_scope).exists()
    ended = worker_list(ctx, filters=WorkerFilters(employment="termine"))
    assert set(ended.filter(pk__in=in_scope).values_list("pk", flat=True)) == in_scope

    # Idempotent: a second run writes nothing.
    counts = Worker.objects.count(), Visit.objects.count()
    with transaction.atomic():
        assert not write_departed(TODAY, lambda _: None)
    assert (Worker.objects.count(), Visit.objects.count()) == counts


def _schema(tables: list[str]) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            # An index by name, columns and uniqueness (its predicate prints differently once
            # rebuilt from its printed definition), a constraint by its definition.
            "SELECT c.relname || ' ' || i.indkey::text || ' ' || i.indisunique || ' ' "
            "|| (i.indpred IS NOT NULL) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = ANY(%s::regclass[]) UNION ALL "
            "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[])",
            [tables, tables],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_the_whole_history_rebuilds_every_index_and_checks_every_foreign_key():
    models = (Worker, Employment, Visit, Convocation)
    tables = [model._meta.db_table for model in models]
    call_command("seed_demo", stdout=StringIO())
    with transaction.atomic():
        write_large(7, TODAY, lambda _: None, adherents_total=70, workers_total=1_200)
    before = _schema(tables)
    assert len(before) > 30
    seed_large_history(7, TODAY, lambda _: None)
    assert departed_present()
    assert _schema(tables) == before

    # A row breaking a foreign key while they are dropped is refused when they are added back.
    worker = Worker.objects.order_by("pk").first()
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        connection.cursor() as cursor,
        indexes_deferred(cursor, models),
    ):
        Employment.objects.filter(worker=worker).update(establishment_id=10**9)
    assert _schema(tables) == before
