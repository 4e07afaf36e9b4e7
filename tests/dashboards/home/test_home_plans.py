"""The back office's home at volume: its work queues are counted up to a cap and read through
the index of their filter (a professional's held visits, the month's unexcused absences), the
centre's members counted from an index alone; never a pass over the centre's visits or members
(on the large dataset: 0.8 s, 0.14 s, 12 to 40 ms before these indexes)."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adherents.members.selectors import center_summary
from adherents.models import Adherent
from dashboards.home.selectors import HOME_COUNT_CAP, capped
from suivi_sante.agenda import selectors_home as agenda_home
from suivi_sante.enums import VisitStatus
from suivi_sante.models import Visit
from tests.accounts.factories import StaffUserFactory
from tests.suivi_sante.agenda.support import ctx_of
from tests.suivi_sante.factories import VisitFactory
from tests.test_keyset_pagination import _grow, _plan

pytestmark = pytest.mark.django_db
ROWS = 3000


def _sql_plan(action) -> str:
    """The plan of the (one) statement `action` runs, sequential and bitmap scans off."""
    with CaptureQueriesContext(connection) as captured:
        action()
    (query,) = captured.captured_queries
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {query['sql']}")
        return "\n".join(row[0] for row in cursor.fetchall())


def _first_rows_plan(queryset) -> str:
    with transaction.atomic():
        return _plan(queryset[:5])


def _visits(world, first: str, **varying) -> None:
    """3,000 more visits of the physician in the world's team, 4 hours apart back in time."""
    start = timezone.now() - datetime.timedelta(hours=1)
    VisitFactory(
        worker=world.worker,
        professional=world.actors["physician"],
        status=first,
        scheduled_at=start,
        held_at=start if first == VisitStatus.HELD else None,
    )
    _grow(Visit, ROWS, scheduled_at="scheduled_at - n * interval '4 hours'", **varying)


def test_the_documents_to_issue_walk_the_professionals_held_visits(world):
    """Half of the grown visits held (and so dated), half cancelled: the count and the first
    rows start in an index at the professional."""
    _visits(
        world,
        VisitStatus.HELD,
        status="(CASE WHEN n %% 2 = 0 THEN 'held' ELSE 'cancelled' END)",
        held_at="(CASE WHEN n %% 2 = 0 THEN scheduled_at - n * interval '4 hours' END)",
    )
    # The service's other professionals hold visits too (5 for each of this physician's): the
    # month's held visits of the service (visit_held_at_idx, the dashboards' lists) are then
    # not a shorter walk than this physician's, as they never are at a service's scale.
    other = StaffUserFactory()
    moment = "scheduled_at - n * interval '48 minutes'"
    _grow(Visit, 5 * ROWS, professional_id=str(other.pk), scheduled_at=moment, held_at=moment,
          status="'held'", slot_id="NULL")  # fmt: skip
    qs = agenda_home.visits_without_document(ctx_of(world, "physician"), today=timezone.localdate())
    # At this size the planner may take the professional's held visits (visit_pro_held_idx, as
    # on the large dataset) or all of the professional's visits: either way the walk starts at
    # the professional, never at the service's month of held visits.
    for plan in (_sql_plan(lambda: capped(qs)), _first_rows_plan(qs)):
        assert "visit_held_at_idx" not in plan, plan
        assert re.search(r"Index Cond: \(+professional_id = ", plan), plan
    # A month of held visits 8 hours apart (the cancelled ones between), all undocumented.
    assert 85 < capped(qs) == qs.count() < HOME_COUNT_CAP
    assert all(v.status == VisitStatus.HELD for v in qs)


def test_the_no_shows_walk_the_unexcused_absences_by_date(world):
    """One visit in ten an unexcused absence: the secretary's no-shows are read in date order
    from visit_no_show_idx (the team on its entries), not from the team's every visit."""
    _visits(
        world,
        VisitStatus.UNEXCUSED_ABSENCE,
        status="(CASE WHEN n %% 10 = 0 THEN 'unexcused_absence' ELSE 'cancelled' END)",
    )
    qs = agenda_home.no_shows(ctx_of(world, "secretary"), today=timezone.localdate())
    count_plan = _sql_plan(lambda: capped(qs))
    assert "Index Only Scan using visit_no_show_idx" in count_plan, count_plan
    rows_plan = _first_rows_plan(qs)
    assert "Index Scan using visit_no_show_idx" in rows_plan, rows_plan
    assert "Sort" not in rows_plan, rows_plan
    # Every 40 hours over the last 30 days.
    assert 15 < capped(qs) == qs.count() < 20


@pytest.mark.django_db(transaction=True)
def test_the_centres_members_are_counted_from_an_index_alone(world):
    """« Le centre en chiffres »: members by status and kind from adherent_team_status_idx,
    as on a table autovacuum keeps (committed and vacuumed: see tests/test_list_totals.py)."""
    _grow(
        Adherent,
        ROWS,
        analyze=False,
        siren="'T' || lpad(n::text, 8, '0')",
        status="(CASE WHEN n %% 3 = 0 THEN 'ended' ELSE 'active' END)",
        ended_on="(CASE WHEN n %% 3 = 0 THEN current_date END)",  # adherent_ended_has_date
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE adherents_adherent")
    ctx = ctx_of(world, "physician")
    plan = _sql_plan(lambda: center_summary(ctx))
    assert "Index Only Scan using adherent_team_status_idx" in plan, plan
    summary = center_summary(ctx)
    members = Adherent.objects.filter(team_id__in=ctx.team_ids)
    assert summary["total"] == members.count() > ROWS
    assert summary["active"] == members.filter(status="active").count()
