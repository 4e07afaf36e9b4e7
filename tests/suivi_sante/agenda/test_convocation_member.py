"""A convocation goes to an establishment of its visit's member (suivi_sante 0027), so that a
member's convocations are read from its visits by date (Visit.adherent): the database refuses
any write that would break it, the booking says why in French, and each list shows the
member's convocations only, from the member's visit index."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from adherents.models import Establishment
from suivi_sante.agenda import selectors
from suivi_sante.agenda import services as agenda
from suivi_sante.errors import BookingError
from suivi_sante.models import Convocation, Visit
from tests.adherents.factories import EstablishmentFactory
from tests.dashboards.home.test_home_plans import _sql_plan
from tests.suivi_sante.agenda.support import at, ctx_of, employed_worker, make_slot, next_weekday
from tests.suivi_sante.factories import EmploymentFactory, VisitFactory, WorkerFactory
from tests.test_keyset_pagination import _grow

pytestmark = pytest.mark.django_db


def _booked(world, worker=None, *, days_from_now: int | None = None) -> Convocation:
    worker = worker or employed_worker(world)
    slot = make_slot(world, "physician", at(next_weekday(2), 9) + _offset())
    visit = agenda.book_visit(
        actor=ctx_of(world, "secretary"), worker=worker, kind="VIP", slot=slot
    )
    if days_from_now is not None:
        Visit.objects.filter(pk=visit.pk).update(
            scheduled_at=timezone.now() + datetime.timedelta(days=days_from_now)
        )
    return visit.convocation


_slots = iter(range(10_000))


def _offset() -> datetime.timedelta:
    return datetime.timedelta(minutes=30 * next(_slots))


def _refused(write) -> None:
    refused = pytest.raises(IntegrityError, match="établissement de l'adhérent de sa visite")
    with refused, transaction.atomic():
        write()


def test_the_database_refuses_a_convocation_at_another_members_establishment(world):
    convocation = _booked(world)
    _refused(
        lambda: Convocation.objects.filter(pk=convocation.pk).update(
            establishment=world.other_establishment
        )
    )
    unconvened = VisitFactory(worker=world.worker)
    _refused(
        lambda: Convocation.objects.create(
            visit=unconvened, establishment=world.other_establishment, sent_at=timezone.now()
        )
    )
    # The member's own establishment is accepted, and an answer (an update) still writes.
    Convocation.objects.create(
        visit=unconvened, establishment=world.establishment, sent_at=timezone.now()
    )
    Convocation.objects.filter(pk=convocation.pk).update(
        status="confirmed", responded_at=timezone.now()
    )


def test_neither_the_visits_nor_the_establishments_member_changes_under_a_convocation(world):
    site = EstablishmentFactory(adherent=world.adherent, is_head_office=False)
    convocation = _booked(world, employed_worker(world, site))
    _refused(
        lambda: Visit.objects.filter(pk=convocation.visit_id).update(adherent=world.other_adherent)
    )
    _refused(
        lambda: Establishment.objects.filter(pk=convocation.establishment_id).update(
            adherent=world.other_adherent
        )
    )
    # Without a convocation, nothing is checked: a visit not convened may be corrected.
    unconvened = VisitFactory(worker=world.worker)
    Visit.objects.filter(pk=unconvened.pk).update(adherent=world.other_adherent)
    assert Visit.objects.get(pk=unconvened.pk).adherent_id == world.other_adherent.pk


def test_the_booking_refuses_a_contract_at_another_members_establishment(world):
    worker = WorkerFactory(adherent=world.adherent)
    EmploymentFactory(worker=worker, establishment=world.other_establishment)
    slot = make_slot(world, "physician", at(next_weekday(2), 9) + _offset())
    with pytest.raises(BookingError, match="établissement d'un autre adhérent"):
        agenda.book_visit(actor=ctx_of(world, "secretary"), worker=worker, kind="VIP", slot=slot)
    assert not Visit.objects.filter(worker=worker).exists()


def test_each_members_lists_show_its_convocations_only(world, client_for):
    ours = [_booked(world, days_from_now=3), _booked(world, days_from_now=-3)]
    other_worker = WorkerFactory(adherent=world.other_adherent)
    EmploymentFactory(worker=other_worker, establishment=world.other_establishment)
    theirs = [_booked(world, other_worker, days_from_now=d) for d in (3, -3)]

    def shown(client, url, params=None) -> set[int]:
        page = client.get(url, params or {}).content.decode()
        return {
            c.pk
            for c in ours + theirs
            if reverse("portal:suivi_sante:convocation-detail", args=[c.pk]) in page
            or reverse("backoffice:suivi_sante:visit-detail", args=[c.visit_id]) in page
        }

    portal_list = reverse("portal:suivi_sante:convocation-list")
    for actor, mine in (("portal_admin", ours), ("portal_other", theirs)):
        client = client_for(actor)
        assert shown(client, portal_list) == {mine[0].pk}
        assert shown(client, portal_list, {"periode": "passees"}) == {mine[1].pk}
    staff = client_for("secretary")
    for adherent, mine in ((world.adherent, ours), (world.other_adherent, theirs)):
        url = reverse("backoffice:suivi_sante:adherent-convocations", args=[adherent.pk])
        assert shown(staff, url) == {c.pk for c in mine}


def test_a_members_past_convocations_are_read_from_its_visits_by_date(world):
    """The plan of the portal's past list starts from visit_adherent_sched_idx (the member's
    visits, latest first), not from the convocations of the member's establishments."""
    _booked(world, days_from_now=-3)
    # Another member's 3,000 visits by the same professional: on a handful of rows the planner's
    # choice among indexes is a coin toss (it may start from the professional's visits).
    _grow(
        Visit,
        3000,
        adherent_id=str(world.other_adherent.pk),
        slot_id="NULL",
        scheduled_at="scheduled_at - n * interval '1 hour'",
    )
    ctx = ctx_of(world, "portal_admin")
    plan = _sql_plan(lambda: list(selectors.portal_convocations(ctx, upcoming=False)[:51]))
    # The first scan of the plan drives the joins: the member's visits, latest first (not the
    # convocations of its establishments, nor the professional's visits). How the few rows of
    # this test then reach their convocations is the planner's choice at this size.
    first_scan = next(line for line in plan.splitlines() if " Scan " in line)
    assert "visit_adherent_sched_idx" in first_scan, plan
