"""The employer books a due visit himself on a slot the secretary opened, and moves it until
the change deadline (issue 17, item 4): services and selectors."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from accounts.context import build_context
from accounts.enums import MandateScope
from suivi_sante.agenda import selectors_booking as booking
from suivi_sante.agenda import services as agenda
from suivi_sante.agenda import services_booking
from suivi_sante.agenda import services_slots as slot_services
from suivi_sante.enums import ConvocationStatus, VisitStatus
from suivi_sante.errors import BookingError
from suivi_sante.models import Convocation, Visit
from tests.adherents.factories import AccountingFirmMemberFactory, MandateFactory
from tests.suivi_sante.agenda.support import (
    active_protocol,
    at,
    ctx_of,
    employed_worker,
    make_due,
    make_slot,
    next_weekday,
)
from tests.suivi_sante.factories import SlotFactory

pytestmark = pytest.mark.django_db


def _open(world, actor, starts_at, **extra):
    return make_slot(world, actor, starts_at, self_bookable=True, **extra)


def test_the_employer_sees_only_open_free_slots_whose_professional_may_hold_the_visit(world):
    worker = employed_worker(world, last_name="Martin")
    tuesday = next_weekday(2)
    due = make_due(worker, "VIP", due_on=tuesday + datetime.timedelta(days=10))
    physician = _open(world, "physician", at(tuesday, 9))
    nurse_uncovered = _open(world, "nurse", at(tuesday, 10))
    make_slot(world, "physician", at(tuesday, 11))  # not opened to employers
    taken = _open(world, "physician", at(tuesday, 14))
    other = employed_worker(world, last_name="Autre")
    agenda.book_visit(actor=ctx_of(world, "secretary"), worker=other, kind="VIP", slot=taken)
    # On another member's site: not this member's to book.
    _open(world, "physician", at(tuesday, 15), establishment=world.other_establishment)
    # Another centre's physician.
    SlotFactory(
        center=world.other_center,
        professional=world.actors["physician_other"],
        performer="physician",
        starts_at=at(tuesday, 9),
        ends_at=at(tuesday, 9, 30),
        self_bookable=True,
    )
    # After the due date plus the 30-day margin.
    _open(world, "physician", at(tuesday + datetime.timedelta(days=41), 9))
    within = _open(world, "physician", at(tuesday + datetime.timedelta(days=39), 9))

    assert booking.slots_for_due(due) == [physician, within]
    assert nurse_uncovered not in booking.slots_for_due(due)

    active_protocol(world, kinds=("VIP",))
    assert booking.slots_for_due(due) == [physician, nurse_uncovered, within]


def test_a_nurse_slot_is_never_offered_for_a_visit_the_physician_alone_holds(world):
    active_protocol(world, kinds=("VIP", "VISITE_INTERMEDIAIRE"))
    worker = employed_worker(world)
    tuesday = next_weekday(2)
    due = make_due(worker, "EMAE", due_on=tuesday, performers=("physician",))
    nurse = _open(world, "nurse", at(tuesday, 9))
    physician = _open(world, "physician", at(tuesday, 10))

    assert booking.slots_for_due(due) == [physician]
    with pytest.raises(BookingError, match="ne peut pas réaliser cette visite"):
        services_booking.self_book(actor=ctx_of(world, "portal_admin"), due=due, slot=nurse)
    assert not Visit.objects.exists()


def test_a_nurse_without_protocol_is_refused_with_protocol_she_is_booked_under_it(world):
    worker = employed_worker(world)
    tuesday = next_weekday(2)
    due = make_due(worker, "VIP", due_on=tuesday + datetime.timedelta(days=7))
    nurse = _open(world, "nurse", at(tuesday, 9))
    portal = ctx_of(world, "portal_admin")

    with pytest.raises(BookingError, match="ne peut pas réaliser cette visite"):
        services_booking.self_book(actor=portal, due=due, slot=nurse)

    protocol = active_protocol(world, kinds=("VIP",))
    visit = services_booking.self_book(actor=portal, due=due, slot=nurse)
    assert (visit.performer, visit.protocol_id) == ("nurse", protocol.pk)


def test_booking_makes_the_visit_and_convocation_as_the_secretary_would(world, mailoutbox):
    worker = employed_worker(world, last_name="Durand", first_name="Léa")
    tuesday = next_weekday(2)
    due = make_due(worker, "VIP", due_on=tuesday + datetime.timedelta(days=3))
    slot = _open(world, "physician", at(tuesday, 9, 30))

    visit = services_booking.self_book(actor=ctx_of(world, "portal_admin"), due=due, slot=slot)

    assert visit.booked_by == world.actors["portal_admin"]
    assert (visit.slot, visit.scheduled_at, visit.kind) == (slot, at(tuesday, 9, 30), "VIP")
    assert visit.due_on == tuesday + datetime.timedelta(days=3)
    assert visit.due_reason.endswith("(R4624-10)")
    convocation = visit.convocation
    assert (convocation.status, convocation.establishment) == ("sent", world.establishment)
    # Booked already: a second booking of the same due visit is refused.
    other = _open(world, "physician", at(tuesday, 10))
    with pytest.raises(BookingError, match="déjà réservée"):
        services_booking.self_book(actor=ctx_of(world, "portal_admin"), due=due, slot=other)


def test_another_member_a_closed_slot_and_a_firm_without_the_scope_are_refused(world):
    worker = employed_worker(world)
    tuesday = next_weekday(2)
    due = make_due(worker, "VIP", due_on=tuesday)
    slot = _open(world, "physician", at(tuesday, 9))
    closed = make_slot(world, "physician", at(tuesday, 10))

    with pytest.raises(PermissionDenied):  # member B's admin
        services_booking.self_book(actor=ctx_of(world, "portal_other"), due=due, slot=slot)
    with pytest.raises(PermissionDenied):  # workforce and invoices only
        services_booking.self_book(actor=ctx_of(world, "firm_mandated"), due=due, slot=slot)
    with pytest.raises(PermissionDenied):  # staff book through the agenda
        services_booking.self_book(actor=ctx_of(world, "secretary"), due=due, slot=slot)
    with pytest.raises(BookingError, match="n'est plus ouvert à la réservation"):
        services_booking.self_book(actor=ctx_of(world, "portal_admin"), due=due, slot=closed)
    assert not Visit.objects.exists()


def test_a_firm_with_the_convocations_scope_books_for_its_member(world):
    member = AccountingFirmMemberFactory()
    MandateFactory(firm=member.firm, adherent=world.adherent, scopes=[MandateScope.CONVOCATIONS])
    ctx = build_context(member.user, {}, mfa_passed=False)
    worker = employed_worker(world)
    tuesday = next_weekday(2)
    due = make_due(worker, "VIP", due_on=tuesday)
    slot = _open(world, "physician", at(tuesday, 9))

    visit = services_booking.self_book(actor=ctx, due=due, slot=slot)

    assert visit.booked_by == member.user


def test_a_pre_reprise_is_never_the_employers_to_book(world):
    worker = employed_worker(world)
    due = make_due(worker, "PRE_REPRISE", due_on=next_weekday(2))
    slot = _open(world, "physician", at(next_weekday(2), 9))

    assert due not in booking.bookable_due_visits(ctx_of(world, "portal_admin"))
    with pytest.raises(PermissionDenied):
        services_booking.self_book(actor=ctx_of(world, "portal_admin"), due=due, slot=slot)


def test_the_employer_moves_his_booking_before_the_deadline(world):
    worker = employed_worker(world)
    tuesday = next_weekday(2)
    due = make_due(worker, "VIP", due_on=tuesday + datetime.timedelta(days=5))
    first = _open(world, "physician", at(tuesday, 9))
    second = _open(world, "physician", at(tuesday, 16))
    portal = ctx_of(world, "portal_admin")
    visit = services_booking.self_book(actor=portal, due=due, slot=first)
    assert booking.slots_to_move(visit) == [second]

    moved = services_booking.self_move(actor=portal, visit=visit, slot=second)

    visit.refresh_from_db()
    assert (visit.status, visit.status_note) == (VisitStatus.CANCELLED, "Déplacée par l'employeur")
    assert visit.convocation.status == ConvocationStatus.CANCELLED
    assert (moved.slot, moved.rebooked_from, moved.due_on) == (second, visit, visit.due_on)
    assert moved.convocation.status == ConvocationStatus.SENT
    # The first slot is free again, for anyone.
    assert first in booking.slots_for(
        team=world.team,
        adherent_id=world.adherent.pk,
        kind="VIP",
        performers=["physician"],
        due_on=due.due_on,
        consent=False,
    )


def test_after_the_deadline_the_employer_asks_the_secretary(world, settings):
    settings.SPSTI_SELF_BOOKING_CHANGE_HOURS = 48
    worker = employed_worker(world)
    soon = timezone.localtime(timezone.now() + datetime.timedelta(hours=30)).replace(
        second=0, microsecond=0
    )
    due = make_due(worker, "VIP", due_on=soon.date())
    near = _open(world, "physician", soon)
    later = _open(world, "physician", soon + datetime.timedelta(days=1))
    portal = ctx_of(world, "portal_admin")
    visit = services_booking.self_book(actor=portal, due=due, slot=near)
    assert not booking.may_move(visit)

    with pytest.raises(BookingError, match="ne peut plus être déplacée en ligne depuis le"):
        services_booking.self_move(actor=portal, visit=visit, slot=later)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED

    # The existing answer remains: ask another slot by message.
    settings.SPSTI_SELF_BOOKING_CHANGE_HOURS = 24
    visit = Visit.objects.get(pk=visit.pk)
    assert booking.may_move(visit)


def test_a_visit_the_secretary_booked_is_not_moved_by_the_employer(world):
    worker = employed_worker(world)
    tuesday = next_weekday(2)
    first = _open(world, "physician", at(tuesday, 9))
    second = _open(world, "physician", at(tuesday, 10))
    visit = agenda.book_visit(
        actor=ctx_of(world, "secretary"), worker=worker, kind="VIP", slot=first
    )
    assert not booking.may_move(visit)
    with pytest.raises(BookingError, match="programmée par le service"):
        services_booking.self_move(actor=ctx_of(world, "portal_admin"), visit=visit, slot=second)


def test_the_secretary_opens_a_days_slots_in_bulk(world):
    tuesday = next_weekday(2)
    slots = [make_slot(world, "physician", at(tuesday, h)) for h in (9, 10, 11)]
    nurse = make_slot(world, "nurse", at(tuesday, 9))
    wednesday = make_slot(world, "physician", at(tuesday + datetime.timedelta(days=1), 9))
    secretary = ctx_of(world, "secretary")

    physician_id = world.actors["physician"].pk
    assert (
        slot_services.set_self_bookable(
            actor=secretary, day=tuesday, is_open=True, professional_id=physician_id
        )
        == 3
    )
    assert slot_services.set_self_bookable(actor=secretary, day=tuesday, is_open=True) == 1
    for slot in [*slots, nurse, wednesday]:
        slot.refresh_from_db()
    assert [s.self_bookable for s in [*slots, nurse, wednesday]] == [True] * 4 + [False]
    assert slot_services.set_self_bookable(actor=secretary, day=tuesday, is_open=False) == 4
    with pytest.raises(PermissionDenied):
        slot_services.set_self_bookable(actor=ctx_of(world, "nurse"), day=tuesday, is_open=True)


def test_a_series_is_created_open_to_employers(world):
    slots = slot_services.create_slots(
        actor=ctx_of(world, "secretary"),
        professional=world.actors["physician"],
        day=next_weekday(4),
        start=datetime.time(9, 0),
        end=datetime.time(10, 0),
        duration_minutes=30,
        self_bookable=True,
    )
    assert [s.self_bookable for s in slots] == [True, True]


@pytest.mark.django_db(transaction=True)
def test_two_employers_on_one_slot_one_wins_the_other_is_told(world):
    tuesday = next_weekday(2)
    slot = _open(world, "physician", at(tuesday, 9))
    due_a = make_due(employed_worker(world), "VIP", due_on=tuesday)
    due_b = make_due(employed_worker(world, world.other_establishment), "VIP", due_on=tuesday)
    contexts = [(ctx_of(world, "portal_admin"), due_a), (ctx_of(world, "portal_other"), due_b)]
    barrier = threading.Barrier(2)
    outcomes = []

    def book(ctx, due):
        try:
            barrier.wait()
            services_booking.self_book(actor=ctx, due=due, slot=slot)
            outcomes.append("réservé")
        except BookingError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=pair) for pair in contexts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Ce créneau est déjà pris : choisissez-en un autre.", "réservé"]
    assert Visit.objects.filter(slot=slot).count() == 1
    assert Convocation.objects.count() == 1
