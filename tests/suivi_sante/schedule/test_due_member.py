"""The due rows' member (DueVisit.adherent, suivi_sante 0024), exact by the database whatever
the writer, and the portal's scope on it: another member's rows never shown, a moved worker's
rows following it in the same transaction; the member's pages read from its own index."""

import datetime

import pytest
from django.utils import timezone

from suivi_sante.enums import VisitKind
from suivi_sante.models import DueVisit, Worker
from suivi_sante.schedule import selectors as selectors_due
from suivi_sante.schedule.services import refresh_due_visits
from tests.accounts.factories import TeamFactory
from tests.adherents.factories import AdherentFactory
from tests.dashboards.home.test_home_plans import _sql_plan
from tests.suivi_sante.agenda.support import ctx_of
from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory
from tests.suivi_sante.schedule.test_views import due, page
from tests.test_keyset_pagination import _grow, _plan

pytestmark = pytest.mark.django_db

PORTAL_PAGES = ("portal:suivi_sante:due-list", "portal:suivi_sante:booking-list")


def _member_of(row: DueVisit) -> tuple[int, int]:
    row.refresh_from_db()
    return row.adherent_id, row.team_id


def test_a_row_written_without_its_member_takes_its_workers(world):
    row = due(world.worker)  # DueVisit.objects.create, without the member

    assert _member_of(row) == (world.adherent.pk, world.adherent.team_id)


def test_a_row_given_another_member_or_worker_reads_the_workers_again(world):
    row = due(world.worker)
    theirs = world.other_adherent.workers.get()

    DueVisit.objects.filter(pk=row.pk).update(adherent=world.other_adherent)
    assert _member_of(row)[0] == world.adherent.pk
    DueVisit.objects.filter(pk=row.pk).update(worker=theirs)
    assert _member_of(row)[0] == world.other_adherent.pk


def test_a_moved_worker_takes_its_rows_and_their_team_along(world):
    elsewhere = AdherentFactory(team=TeamFactory(center=world.other_team.center))
    rows = [due(world.worker, "VIP", -3), due(world.worker, "REPRISE", 4)]
    untouched = due(world.other_adherent.workers.get())

    Worker.objects.filter(pk=world.worker.pk).update(adherent=elsewhere)

    assert {_member_of(row) for row in rows} == {(elsewhere.pk, elsewhere.team_id)}
    assert _member_of(untouched) == (world.other_adherent.pk, world.other_adherent.team_id)


def test_the_recomputation_agrees_with_the_move(world):
    """The engine's rows carry the member too: after a move they equal the stored ones, which
    stay (same ids), with the new member."""
    EmploymentFactory(worker=world.worker, establishment=world.establishment)
    refresh_due_visits([world.worker])
    ids = set(DueVisit.objects.filter(worker=world.worker).values_list("pk", flat=True))
    assert ids
    worker = Worker.objects.get(pk=world.worker.pk)
    worker.adherent = world.other_adherent
    worker.save()

    refresh_due_visits([worker])

    after = DueVisit.objects.filter(worker=worker)
    assert set(after.values_list("pk", flat=True)) == ids
    assert set(after.values_list("adherent_id", flat=True)) == {world.other_adherent.pk}


@pytest.mark.parametrize("url_name", PORTAL_PAGES)
def test_another_members_rows_never_show_even_right_after_a_move(world, client_for, url_name):
    ours, theirs = world.worker, world.other_adherent.workers.get()
    for worker in (ours, theirs):
        EmploymentFactory(worker=worker, establishment=worker.adherent.establishments.first())
        due(worker, "VIP", 5)
    admin, other = client_for("portal_admin"), client_for("portal_other")
    assert str(ours) in page(admin, url_name)
    assert str(theirs) not in page(admin, url_name)
    assert str(ours) not in page(other, url_name)

    Worker.objects.filter(pk=ours.pk).update(adherent=world.other_adherent)

    assert str(ours) not in page(admin, url_name)
    assert str(ours) in page(other, url_name)
    assert str(theirs) in page(other, url_name)


def test_the_members_scope_keeps_its_exclusions_and_its_count(world, client_for):
    ctx = ctx_of(world, "portal_admin")
    shown = due(world.worker, "VIP", -2)
    due(world.worker, VisitKind.PRE_REPRISE, 3)  # the worker's to ask (R4624-29)
    duplicate = WorkerFactory(adherent=world.adherent)
    due(duplicate, "VIP", 1)
    Worker.objects.filter(pk=duplicate.pk).update(
        merged_into=world.worker, merged_at=timezone.now()
    )
    due(world.other_adherent.workers.get(), "VIP", 1)

    assert list(selectors_due.member_due_visits(ctx)) == [shown]
    assert selectors_due.member_due_visits(ctx).count() == 1
    assert "1 visite est à prévoir" in page(client_for("portal_admin"), "portal:dashboard")


def test_the_members_page_and_count_start_in_the_members_index(world):
    """3,000 rows of another member over the same dates: the member's page and count read
    due_adherent_idx, never the centre's rows in date order (due_order_idx)."""
    due(world.other_adherent.workers.get(), "VIP", 0)
    _grow(DueVisit, 3000, due_on="due_on + (n %% 400) - 200")
    for days in (-30, 2, 60):
        due(world.worker, "VIP", days)
    ctx = ctx_of(world, "portal_admin")
    qs = selectors_due.member_due_visits(ctx)

    for plan in (_plan(qs[:51]), _sql_plan(qs.count)):
        assert "due_adherent_idx" in plan, plan
        assert "due_order_idx" not in plan, plan
    assert qs.count() == 3


def test_the_members_count_and_digest_follow_a_moved_worker(world, client_for):
    due(world.worker, "VIP", 5)
    until = timezone.localdate() + datetime.timedelta(days=60)
    mine, theirs = ctx_of(world, "portal_admin"), ctx_of(world, "portal_other")
    assert selectors_due.member_due_visits(mine).count() == 1

    Worker.objects.filter(pk=world.worker.pk).update(adherent=world.other_adherent)

    assert selectors_due.member_due_visits(mine).count() == 0
    assert selectors_due.member_due_visits(theirs).count() == 1
    html = page(client_for("portal_admin"), "portal:dashboard")
    assert "Aucune visite à prévoir pour vos salariés" in html
    digest = selectors_due.digest_items([world.adherent.pk, world.other_adherent.pk], until=until)
    assert list(digest) == [world.other_adherent.pk]
