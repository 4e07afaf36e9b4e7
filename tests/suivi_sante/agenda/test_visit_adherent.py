"""Visit.adherent, the worker's member when booked: set by every booking path, filled by the
database when a writer leaves it out, kept when the worker moves to another member."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from suivi_sante.agenda import services as agenda
from suivi_sante.agenda import services_booking
from suivi_sante.models import Visit, Worker
from tests.suivi_sante.agenda.support import (
    at,
    ctx_of,
    employed_worker,
    make_due,
    make_slot,
    member_trigger_off,
    next_weekday,
)
from tests.suivi_sante.factories import EmploymentFactory

pytestmark = pytest.mark.django_db


def _stored_member(visit: Visit) -> int:
    return Visit.objects.values_list("adherent_id", flat=True).get(pk=visit.pk)


def _moves(worker: Worker, establishment) -> None:
    """The worker now works for another member: a new post there, the old one ended."""
    worker.employments.update(end_on=timezone.localdate() - datetime.timedelta(days=1))
    EmploymentFactory(worker=worker, establishment=establishment)
    Worker.objects.filter(pk=worker.pk).update(adherent=establishment.adherent)


def test_staff_and_employer_bookings_record_the_workers_member(world):
    with member_trigger_off():  # the services name it themselves
        worker = employed_worker(world)
        tuesday = next_weekday(2)
        slot = make_slot(world, "physician", at(tuesday, 9))
        staff = agenda.book_visit(
            actor=ctx_of(world, "secretary"), worker=worker, kind="VIP", slot=slot
        )
        due = make_due(employed_worker(world), "VIP", due_on=tuesday + datetime.timedelta(days=9))
        open_slot = make_slot(world, "physician", at(tuesday, 10), self_bookable=True)
        employer = services_booking.self_book(
            actor=ctx_of(world, "portal_admin"), due=due, slot=open_slot
        )
    assert staff.adherent_id == _stored_member(staff) == world.adherent.pk
    assert employer.adherent_id == _stored_member(employer) == world.adherent.pk


def test_a_rebooking_is_a_new_booking_with_the_member_of_that_day(world):
    worker = employed_worker(world)
    slot = make_slot(world, "physician", at(next_weekday(2), 9))
    first = agenda.book_visit(
        actor=ctx_of(world, "secretary"), worker=worker, kind="VIP", slot=slot
    )
    _moves(worker, world.other_establishment)
    worker.refresh_from_db()
    with member_trigger_off():
        again = agenda.rebook_visit(
            actor=ctx_of(world, "secretary"),
            visit=first,
            slot=make_slot(world, "physician", at(next_weekday(3), 9)),
        )
    assert _stored_member(first) == world.adherent.pk  # booked for the first employer
    assert again.adherent_id == _stored_member(again) == world.other_adherent.pk
    assert again.convocation.establishment == world.other_establishment


def test_the_database_fills_the_member_a_writer_left_out_and_keeps_one_given(world):
    worker = employed_worker(world)
    slot = make_slot(world, "physician", at(next_weekday(2), 9))
    booked = agenda.book_visit(
        actor=ctx_of(world, "secretary"), worker=worker, kind="VIP", slot=slot
    )
    columns = [
        f.column
        for f in Visit._meta.concrete_fields
        if f.attname not in ("id", "adherent_id", "slot_id", "rebooked_from_id")
    ]
    names = ", ".join(columns)
    with connection.cursor() as cursor:  # as a COPY or a hand-written INSERT would
        cursor.execute(
            f"INSERT INTO suivi_sante_visit ({names}) SELECT {names} FROM suivi_sante_visit "  # noqa: S608
            "WHERE id = %s RETURNING adherent_id",
            [booked.pk],
        )
        assert cursor.fetchone() == (world.adherent.pk,)
    # The ORM without it: filled in the row (the instance is not told).
    copy = Visit.objects.get(pk=booked.pk)
    copy.pk, copy.slot, copy.adherent_id = None, None, None
    copy.save()
    assert _stored_member(copy) == world.adherent.pk
    # A member given is kept, even if it is not the worker's of today.
    copy.pk, copy.adherent_id = None, world.other_adherent.pk
    copy.save()
    assert _stored_member(copy) == world.other_adherent.pk


def test_without_the_trigger_a_visit_without_member_is_refused(world):
    booked = agenda.book_visit(
        actor=ctx_of(world, "secretary"),
        worker=employed_worker(world),
        kind="VIP",
        slot=make_slot(world, "physician", at(next_weekday(2), 9)),
    )
    copy = Visit.objects.get(pk=booked.pk)
    copy.pk, copy.slot, copy.adherent_id = None, None, None
    with member_trigger_off(), pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
