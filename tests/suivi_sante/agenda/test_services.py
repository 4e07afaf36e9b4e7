"""Slots, bookings, consent, outcomes and rebookings (services/agenda.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from suivi_sante.agenda import services as agenda
from suivi_sante.agenda import services_slots as slot_services
from suivi_sante.errors import BookingError, FollowUpError
from suivi_sante.models import Referral, Slot, Visit
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


def _book(world, worker, slot, kind="VIP", actor="secretary", **extra) -> Visit:
    return agenda.book_visit(
        actor=ctx_of(world, actor), worker=worker, kind=kind, slot=slot, **extra
    )


# Slots


def test_a_series_cuts_the_range_into_slots_of_the_chosen_length(world):
    day = next_weekday(2)
    slots = slot_services.create_slots(
        actor=ctx_of(world, "secretary"),
        professional=world.actors["nurse"],
        day=day,
        start=datetime.time(8, 30),
        end=datetime.time(10, 0),
        duration_minutes=20,
    )
    assert [timezone.localtime(s.starts_at).time() for s in slots] == [
        datetime.time(8, 30),
        datetime.time(8, 50),
        datetime.time(9, 10),
        datetime.time(9, 30),  # 9:50 would end at 10:10, past the range
    ]
    assert {s.performer for s in slots} == {"nurse"}
    assert {s.center_id for s in slots} == {world.center.pk}


def test_an_overlapping_series_of_the_same_professional_is_refused_in_french(world):
    day = next_weekday(3)
    make_slot(world, "physician", at(day, 9, 0))  # 9:00-9:30
    with pytest.raises(BookingError, match="chevauchent un créneau existant .* à 09:00"):
        slot_services.create_slots(
            actor=ctx_of(world, "secretary"),
            professional=world.actors["physician"],
            day=day,
            start=datetime.time(9, 15),
            end=datetime.time(11, 0),
            duration_minutes=30,
        )
    # Back to back is no overlap; another professional at the same time neither.
    slot_services.create_slots(
        actor=ctx_of(world, "secretary"),
        professional=world.actors["physician"],
        day=day,
        start=datetime.time(9, 30),
        end=datetime.time(10, 0),
        duration_minutes=30,
    )
    slot_services.create_slots(
        actor=ctx_of(world, "secretary"),
        professional=world.actors["nurse"],
        day=day,
        start=datetime.time(9, 0),
        end=datetime.time(9, 30),
        duration_minutes=30,
    )
    assert Slot.objects.filter(professional=world.actors["physician"]).count() == 2


def test_slots_are_refused_in_the_past_for_a_non_professional_and_for_a_nurse_creator(world):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    kwargs = {"start": datetime.time(9), "end": datetime.time(10), "duration_minutes": 30}
    with pytest.raises(BookingError, match="passé"):
        slot_services.create_slots(
            actor=ctx_of(world, "secretary"),
            professional=world.actors["physician"],
            day=yesterday,
            **kwargs,
        )
    with pytest.raises(BookingError, match="ni comme médecin ni comme infirmier"):
        slot_services.create_slots(
            actor=ctx_of(world, "secretary"),
            professional=world.actors["secretary"],
            day=next_weekday(1),
            **kwargs,
        )
    with pytest.raises(PermissionDenied):  # nurses see the agenda, they do not manage it
        slot_services.create_slots(
            actor=ctx_of(world, "nurse"),
            professional=world.actors["nurse"],
            day=next_weekday(1),
            **kwargs,
        )


# Booking


def test_an_emae_is_booked_before_a_hire_declared_ahead_and_convokes_its_establishment(world):
    """The EMAE comes before assignment (R4624-24): the contract has not started yet."""
    from tests.adherents.factories import EstablishmentFactory
    from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory

    site = EstablishmentFactory(adherent=world.adherent)
    worker = WorkerFactory(adherent=world.adherent)
    EmploymentFactory(
        worker=worker,
        establishment=site,
        start_on=timezone.localdate() + datetime.timedelta(days=20),
        sir_risks=["amiante"],
    )
    slot = make_slot(world, "physician", at(next_weekday(2), 9))
    visit = _book(world, worker, slot, kind="EMAE")
    assert visit.convocation.establishment == site


def test_holding_a_visit_takes_it_off_the_due_list_at_once(world):
    from suivi_sante.models import DueVisit
    from suivi_sante.schedule.services import refresh_due_visits

    worker = employed_worker(world)
    refresh_due_visits([worker.pk])
    assert DueVisit.objects.filter(worker=worker, kind="VIP").exists()
    visit = _book(world, worker, make_slot(world, "physician", at(next_weekday(2), 9)))
    visit = _passed(visit)
    agenda.record_outcome(actor=ctx_of(world, "physician"), visit=visit, status="held", note="")
    initial = DueVisit.objects.filter(worker=worker, kind="VIP", reason__startswith="VIP initiale")
    assert not initial.exists()
    assert (
        DueVisit.objects.filter(worker=worker, kind="VIP")
        .get()
        .reason.startswith("Renouvellement de la VIP")
    )


def test_nurse_booking_is_refused_without_a_covering_protocol(world):
    worker = employed_worker(world)
    slot = make_slot(world, "nurse", at(next_weekday(2), 9))
    with pytest.raises(BookingError, match="Aucun protocole de délégation actif"):
        _book(world, worker, slot)
    assert not Visit.objects.exists()


def test_nurse_booking_is_accepted_under_an_active_protocol_and_records_it(world):
    protocol = active_protocol(world)
    worker = employed_worker(world)
    due = make_due(worker)
    slot = make_slot(world, "nurse", at(next_weekday(2), 9))
    visit = _book(world, worker, slot, due=due)
    assert visit.protocol == protocol
    assert (visit.performer, visit.professional) == ("nurse", world.actors["nurse"])
    assert visit.team == world.team
    assert visit.due_on == due.due_on
    assert "R4624-10" in visit.due_reason
    assert visit.convocation.status == "sent"
    assert visit.convocation.establishment == world.establishment


def test_a_protocol_that_ended_before_the_slot_day_does_not_cover_it(world):
    day = next_weekday(2)
    protocol = active_protocol(world)
    protocol.valid_until = day - datetime.timedelta(days=1)
    protocol.save()
    with pytest.raises(BookingError, match="Aucun protocole"):
        _book(world, employed_worker(world), make_slot(world, "nurse", at(day, 9)))


def test_an_emae_is_never_booked_on_a_nurse_slot_even_under_a_protocol(world):
    active_protocol(world)
    worker = employed_worker(world)
    slot = make_slot(world, "nurse", at(next_weekday(2), 9))
    with pytest.raises(BookingError, match="réservée au médecin du travail"):
        _book(world, worker, slot, kind="EMAE")
    # The physician's slot takes it.
    visit = _book(world, worker, make_slot(world, "physician", at(next_weekday(2), 9)), kind="EMAE")
    assert (visit.performer, visit.protocol) == ("physician", None)


def test_a_due_visit_kept_for_the_physician_refuses_a_nurse_slot(world):
    active_protocol(world)
    worker = employed_worker(world)
    due = make_due(worker, performers=("physician",))  # e.g. a CACES post (décret 2025-355)
    with pytest.raises(BookingError, match="médecin du travail"):
        _book(world, worker, make_slot(world, "nurse", at(next_weekday(2), 9)), due=due)


def test_a_taken_slot_is_refused_and_the_database_holds_it_too(world):
    slot = make_slot(world, "physician", at(next_weekday(4), 14))
    _book(world, employed_worker(world), slot)
    with pytest.raises(BookingError, match="déjà pris"):
        _book(world, employed_worker(world), slot)
    first = Visit.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            worker=first.worker,
            team=first.team,
            kind="VIP",
            performer="physician",
            professional=first.professional,
            slot=slot,
            scheduled_at=slot.starts_at,
            booked_by=first.booked_by,
        )


def test_a_past_slot_or_another_centres_slot_is_refused(world):
    worker = employed_worker(world)
    past = make_slot(world, "physician", timezone.now() - datetime.timedelta(hours=2))
    with pytest.raises(BookingError, match="passé"):
        _book(world, worker, past)
    elsewhere = SlotFactory(center=world.other_center, starts_at=at(next_weekday(1), 9))
    with pytest.raises(PermissionDenied):
        _book(world, worker, elsewhere)


def test_teleconsultation_needs_the_workers_recorded_consent(world):
    worker = employed_worker(world)
    slot = make_slot(world, "physician", at(next_weekday(5), 10), mode="teleconsultation")
    with pytest.raises(BookingError, match="consentement à la téléconsultation"):
        _book(world, worker, slot)
    agenda.record_teleconsultation_consent(actor=ctx_of(world, "secretary"), worker=worker)
    worker.refresh_from_db()
    visit = _book(world, worker, slot)
    assert visit.mode == "teleconsultation"
    assert visit.teleconsultation_consent_at == worker.teleconsultation_consent_at


def test_an_in_person_slot_can_be_booked_as_a_teleconsultation_only_with_consent(world):
    worker = employed_worker(world)
    slot = make_slot(world, "physician", at(next_weekday(5), 11))
    with pytest.raises(BookingError, match="consentement"):
        _book(world, worker, slot, mode="teleconsultation")


def test_a_worker_without_a_running_contract_cannot_be_convoked(world):
    worker = world.worker  # no employment
    with pytest.raises(BookingError, match="pas d'emploi en cours"):
        _book(world, worker, make_slot(world, "physician", at(next_weekday(1), 9)))


# Outcomes


def _planned(world, actor="physician", kind="VIP") -> Visit:
    if actor == "nurse":
        active_protocol(world)
    slot = make_slot(world, actor, timezone.now() + datetime.timedelta(hours=1))
    return _book(world, employed_worker(world), slot, kind=kind)


def _passed(visit: Visit) -> Visit:
    """The visit's hour has come (its slot was booked an hour ahead)."""
    Visit.objects.filter(pk=visit.pk).update(scheduled_at=timezone.now())
    visit.refresh_from_db()
    return visit


def test_an_unexcused_absence_is_not_recorded_before_the_visit(world):
    visit = _planned(world, "physician")
    with pytest.raises(FollowUpError, match="après l'heure de la visite"):
        agenda.record_outcome(
            actor=ctx_of(world, "secretary"), visit=visit, status="unexcused_absence"
        )
    excused = agenda.record_outcome(
        actor=ctx_of(world, "secretary"), visit=visit, status="excused_absence"
    )
    assert excused.status == "excused_absence"  # announced in advance by the employer


def test_only_the_booked_professional_records_a_visit_as_held(world):
    visit = _planned(world, "physician")
    for stranger in ("secretary", "nurse", "physician_other"):
        with pytest.raises(PermissionDenied):
            agenda.record_outcome(actor=ctx_of(world, stranger), visit=visit, status="held")
    visit = _passed(visit)
    visit = agenda.record_outcome(actor=ctx_of(world, "physician"), visit=visit, status="held")
    assert visit.status == "held"
    assert visit.held_at is not None


def test_a_nurse_referral_creates_a_physician_visit_due_after_the_set_delay(world, settings):
    settings.SPSTI_REFERRAL_DELAY_DAYS = 21
    visit = _passed(_planned(world, "nurse"))
    visit = agenda.record_outcome(
        actor=ctx_of(world, "nurse"), visit=visit, status="held", referred_to_physician=True
    )
    referral = Referral.objects.get()
    held_on = timezone.localtime(visit.held_at).date()
    assert referral.due_on == held_on + datetime.timedelta(days=21)
    assert (referral.worker, referral.kind, referral.team) == (visit.worker, "VIP", world.team)
    assert referral.resolved_by is None
    # The worker's physician visit, held later, resolves it.
    slot = make_slot(world, "physician", timezone.now() + datetime.timedelta(hours=2))
    follow_up = _passed(_book(world, visit.worker, slot))
    agenda.record_outcome(actor=ctx_of(world, "physician"), visit=follow_up, status="held")
    referral.refresh_from_db()
    assert referral.resolved_by == follow_up


def test_a_physician_does_not_refer_to_the_physician(world):
    visit = _passed(_planned(world, "physician"))
    with pytest.raises(FollowUpError, match="oriente vers le médecin"):
        agenda.record_outcome(
            actor=ctx_of(world, "physician"), visit=visit, status="held", referred_to_physician=True
        )


def test_an_absence_frees_the_slot_and_a_cancellation_cancels_the_convocation(world):
    visit = _passed(_planned(world, "physician"))
    agenda.record_outcome(
        actor=ctx_of(world, "secretary"), visit=visit, status="unexcused_absence", note="Pas venu"
    )
    again = _book(world, employed_worker(world), visit.slot)
    assert again.slot == visit.slot
    agenda.record_outcome(actor=ctx_of(world, "secretary"), visit=again, status="cancelled")
    again.convocation.refresh_from_db()
    assert again.convocation.status == "cancelled"


def test_a_late_excuse_is_accepted_but_a_held_visit_is_final(world):
    visit = _passed(_planned(world, "physician"))
    secretary = ctx_of(world, "secretary")
    agenda.record_outcome(actor=secretary, visit=visit, status="unexcused_absence")
    visit = agenda.record_outcome(actor=secretary, visit=visit, status="excused_absence")
    assert visit.status == "excused_absence"
    with pytest.raises(FollowUpError, match="ne peut plus changer"):
        agenda.record_outcome(actor=secretary, visit=visit, status="cancelled")


# Rebooking


def test_rebooking_keeps_the_old_visit_with_its_status(world):
    visit = _passed(_planned(world, "physician"))
    agenda.record_outcome(actor=ctx_of(world, "secretary"), visit=visit, status="unexcused_absence")
    slot = make_slot(world, "physician", at(next_weekday(3), 15))
    new = agenda.rebook_visit(actor=ctx_of(world, "secretary"), visit=visit, slot=slot)
    visit.refresh_from_db()
    assert visit.status == "unexcused_absence"
    assert new.rebooked_from == visit
    assert (new.status, new.slot, new.worker, new.kind) == ("planned", slot, visit.worker, "VIP")
    assert new.convocation.status == "sent"
    with pytest.raises(BookingError, match="déjà été reprogrammée"):
        agenda.rebook_visit(
            actor=ctx_of(world, "secretary"),
            visit=visit,
            slot=make_slot(world, "physician", at(next_weekday(3), 16)),
        )
    assert Visit.objects.count() == 2


def test_rebooking_a_planned_visit_cancels_it_and_frees_its_slot(world):
    visit = _planned(world, "physician")
    new = agenda.rebook_visit(
        actor=ctx_of(world, "secretary"),
        visit=visit,
        slot=make_slot(world, "physician", at(next_weekday(3), 15)),
    )
    visit.refresh_from_db()
    assert (visit.status, visit.status_note) == ("cancelled", "Reprogrammée")
    assert new.rebooked_from == visit
    assert _book(world, employed_worker(world), visit.slot).slot == visit.slot
