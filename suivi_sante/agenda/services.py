"""Writes of the agenda: bookings, consent, outcomes and rebookings of visits (the slots
themselves are created in `slots.py`)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from suivi_sante import perms
from suivi_sante.agenda import services_convocations as convocations
from suivi_sante.enums import ConvocationStatus, Performer, VisitMode, VisitStatus
from suivi_sante.errors import BookingError, FollowUpError
from suivi_sante.models import Convocation, DueVisit, Employment, Referral, Slot, Visit, Worker
from suivi_sante.rules import delegation, kinds
from suivi_sante.schedule import services as schedule

NO_PROTOCOL = (
    "Aucun protocole de délégation actif ne couvre ce type de visite pour l'équipe de ce "
    "salarié à cette date : réservez un créneau de médecin (R4623-14)."
)


def _acts_on_visits(ctx: AccessContext, team_id: int) -> bool:
    """Secretaries (agenda) and health professionals of the centre record absences and consent."""
    return (
        ctx.is_staff
        and ctx.sees_team(team_id)
        and (ctx.has_perm("suivi_sante.agenda:manage") or ctx.has_perm("suivi_sante.visit:write"))
    )


def current_employment(worker: Worker) -> Employment | None:
    """The contract running today (the latest hired first), else the declared hire to come.

    A hire declared ahead is what the visits before assignment are for (EMAE, R4624-24; VIP of
    night workers and minors, R4624-18): its convocation goes to that establishment.
    """
    today = timezone.localdate()
    posts = worker.employments.exclude(end_on__lt=today).select_related("establishment")
    running = posts.filter(start_on__lte=today).order_by("-start_on", "-pk").first()
    return running or posts.order_by("start_on", "pk").first()


def _check_slot_for(worker: Worker, kind: str, slot: Slot, due: DueVisit | None):
    """The protocol a nurse slot needs, or None for a physician; refuses what the law forbids."""
    if due is not None and slot.performer not in due.performers:
        raise BookingError("Cette visite doit être réalisée par le médecin du travail.")
    if slot.performer == Performer.PHYSICIAN:
        return None
    if not delegation.nurse_may_hold(kind):
        raise BookingError(
            "Cette visite est réservée au médecin du travail (EMAE, renouvellement SIR, "
            "fin de carrière : R4623-14) : choisissez un créneau de médecin."
        )
    day = timezone.localtime(slot.starts_at).date()
    protocol = perms.covering_protocol(team_id=worker.adherent.team_id, kind=kind, day=day)
    if protocol is None:
        raise BookingError(NO_PROTOCOL)
    return protocol


def _book(*, actor, worker, kind, slot, due, mode, rebooked_from=None, carried=None) -> Visit:
    """Booking and rebooking; `carried` is the (due_on, due_reason) of a rebooked visit."""
    if not perms.manages_agenda(actor):
        raise PermissionDenied
    # Fresh from the database: consent and merges may have changed since the page was shown.
    worker = (
        Worker.objects.visible_to(actor).select_related("adherent").filter(pk=worker.pk).first()
    )
    if worker is None:
        raise PermissionDenied
    slot = Slot.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=slot.pk).first()
    if slot is None:
        raise PermissionDenied
    return place_visit(
        actor=actor,
        worker=worker,
        kind=kind,
        slot=slot,
        due=due,
        mode=mode,
        rebooked_from=rebooked_from,
        carried=carried,
    )


def place_visit(*, actor, worker, kind, slot, due, mode, rebooked_from=None, carried=None) -> Visit:
    """The booking itself, for a caller that checked the actor and locked the slot row
    (the secretary's `_book`, the employer's `services_self_booking`): the law's checks, the
    visit and its convocation, mailed to the employer."""
    if worker.merged_into_id is not None:
        raise BookingError(
            "Ce salarié a été fusionné dans un autre dossier : réservez sur celui-ci."
        )
    if due is not None and (due.worker_id != worker.pk or due.kind != kind):
        raise BookingError("L'échéance choisie ne correspond pas à ce salarié ou à cette visite.")
    if slot.starts_at <= timezone.now():
        raise BookingError("Ce créneau est déjà passé.")
    holding = [VisitStatus.PLANNED, VisitStatus.HELD]
    # A VIP TNS (tns.TnsVisit, the self-employed offer) may hold the slot too.
    if (
        slot.visits.filter(status__in=holding).exists()
        or slot.tns_visits.filter(status__in=holding).exists()
    ):
        raise BookingError("Ce créneau est déjà pris : choisissez-en un autre.")
    if slot.establishment_id and slot.establishment.adherent_id != worker.adherent_id:
        raise BookingError("Ce créneau a lieu sur le site d'un autre adhérent.")
    protocol = _check_slot_for(worker, kind, slot, due)
    mode = mode or slot.mode
    if mode != slot.mode and (slot.mode == VisitMode.TELECONSULTATION or slot.establishment_id):
        raise BookingError(f"Ce créneau est prévu « {slot.get_mode_display().lower()} ».")
    if mode == VisitMode.TELECONSULTATION and worker.teleconsultation_consent_at is None:
        raise BookingError(
            "Le salarié n'a pas donné son consentement à la téléconsultation : recueillez-le "
            "d'abord ou choisissez un créneau en présentiel."
        )
    due_on, due_reason = carried or (
        (due.due_on, f"{due.reason} ({due.legal_reference})") if due else (None, "")
    )
    employment = current_employment(worker)
    if employment is None:
        raise BookingError(
            "Ce salarié n'a pas d'emploi en cours : aucun établissement à qui adresser la "
            "convocation."
        )
    if employment.establishment.adherent_id != worker.adherent_id:  # the database refuses it too
        raise BookingError(
            "Le contrat en cours de ce salarié est rattaché à un établissement d'un autre "
            "adhérent : corrigez son emploi avant de le convoquer."
        )
    with audit.actor_context(actor):
        try:
            with transaction.atomic():
                visit = Visit.objects.create(
                    worker=worker,
                    employment=employment,
                    team_id=worker.adherent.team_id,
                    adherent_id=worker.adherent_id,
                    kind=kind,
                    mode=mode,
                    performer=slot.performer,
                    professional_id=slot.professional_id,
                    slot=slot,
                    scheduled_at=slot.starts_at,
                    protocol=protocol,
                    due_on=due_on,
                    due_reason=due_reason,
                    teleconsultation_consent_at=(
                        worker.teleconsultation_consent_at if mode == "teleconsultation" else None
                    ),
                    booked_by=actor.user,
                    rebooked_from=rebooked_from,
                    # The worker's agreement to tell the employer follows the rebooked visit.
                    is_shared_with_employer=bool(
                        rebooked_from and rebooked_from.is_shared_with_employer
                    ),
                )
        except IntegrityError as error:  # visit_one_per_slot, or a rebooking raced
            raise BookingError("Ce créneau vient d'être pris : choisissez-en un autre.") from error
        convocation = Convocation.objects.create(
            visit=visit, establishment=employment.establishment, sent_at=timezone.now()
        )
    # Queued in the outbox in this transaction; the PDF is rendered by the sending task.
    convocations.send_convocation_email(convocation.pk)
    return visit


@transaction.atomic
def book_visit(
    *,
    actor: AccessContext,
    worker: Worker,
    kind: str,
    slot: Slot,
    due: DueVisit | None = None,
    mode: str | None = None,
) -> Visit:
    """Book a visit on a free slot and send its convocation to the employer (R4623-14 for nurses).

    The mode defaults to the slot's; a teleconsultation needs the worker's recorded consent.
    """
    return _book(actor=actor, worker=worker, kind=kind, slot=slot, due=due, mode=mode)


@transaction.atomic
def confirm_proposal(
    *, actor: AccessContext, items: list[tuple[DueVisit, Slot]]
) -> tuple[list[Visit], list[str]]:
    """Book the proposal lines the secretary kept; a refused line does not stop the others."""
    visits, errors = [], []
    for due, slot in items:
        try:
            visits.append(
                book_visit(actor=actor, worker=due.worker, kind=due.kind, slot=slot, due=due)
            )
        except BookingError as error:
            errors.append(f"{due.worker} : {error}")
    return visits, errors


@transaction.atomic
def record_teleconsultation_consent(*, actor: AccessContext, worker: Worker) -> Worker:
    """Record that the worker agreed to teleconsultations (télésanté au travail, L4624-1)."""
    if not _acts_on_visits(actor, worker.adherent.team_id):
        raise PermissionDenied
    worker = Worker.objects.select_for_update(of=("self",)).get(pk=worker.pk)
    if worker.teleconsultation_consent_at is None:
        worker.teleconsultation_consent_at = timezone.now()
        with audit.actor_context(actor):
            worker.save(update_fields=["teleconsultation_consent_at", "updated_at"])
    return worker


OUTCOMES = {
    VisitStatus.HELD,
    VisitStatus.EXCUSED_ABSENCE,
    VisitStatus.UNEXCUSED_ABSENCE,
    VisitStatus.CANCELLED,
}


@transaction.atomic
def record_outcome(
    *,
    actor: AccessContext,
    visit: Visit,
    status: str,
    note: str = "",
    referred_to_physician: bool = False,
) -> Visit:
    """Held by its professional, missed or cancelled; a nurse may refer (R4624-13, R4623-14),
    and must after the VIP of a disabled worker or an invalidity pension holder (R4624-20)."""
    if status not in OUTCOMES:
        raise FollowUpError("Issue de visite inconnue.")
    if status == VisitStatus.HELD and not perms.can_hold_visit(actor, visit):
        raise PermissionDenied("Seul le professionnel convoqué réalise la visite.")
    if not _acts_on_visits(actor, visit.team_id):
        raise PermissionDenied
    visit = Visit.objects.select_for_update(of=("self",)).get(pk=visit.pk)
    # A justification received after the visit turns an unexcused absence into an excused one.
    late_excuse = (
        visit.status == VisitStatus.UNEXCUSED_ABSENCE and status == VisitStatus.EXCUSED_ABSENCE
    )
    if visit.status != VisitStatus.PLANNED and not late_excuse:
        raise FollowUpError(
            f"Cette visite est déjà « {visit.get_status_display().lower()} » : "
            "son issue ne peut plus changer."
        )
    if status == VisitStatus.HELD and visit.scheduled_at > timezone.now():
        starts = timezone.localtime(visit.scheduled_at)
        raise FollowUpError(
            f"Cette visite commence le {starts:%d/%m/%Y} à {starts:%H:%M} : elle ne peut pas "
            "être indiquée comme réalisée avant son début."
        )
    if status == VisitStatus.UNEXCUSED_ABSENCE and visit.scheduled_at > timezone.now():
        raise FollowUpError("Une absence non excusée se constate après l'heure de la visite.")
    if referred_to_physician and not (
        status == VisitStatus.HELD and visit.performer == Performer.NURSE
    ):
        raise FollowUpError(
            "Seul(e) l'infirmier(ère) oriente vers le médecin, lors d'une visite réalisée."
        )
    if status == VisitStatus.HELD and orientation_required(visit):
        referred_to_physician = True  # whatever was ticked: the rule decides (R4624-20)
    now = timezone.now()
    visit.status, visit.status_note = status, note
    fields = ["status", "status_note", "updated_at"]
    if status == VisitStatus.HELD:
        visit.held_at, visit.referred_to_physician = now, referred_to_physician
        fields += ["held_at", "referred_to_physician"]
    with audit.actor_context(actor):
        visit.save(update_fields=fields)
        if status == VisitStatus.HELD:
            _after_held(visit)
            # What is due changes at once: the visit held leaves the list, a referral joins it.
            schedule.refresh_due_visits([visit.worker_id])
        if status == VisitStatus.CANCELLED:
            Convocation.objects.filter(visit=visit).update(
                status=ConvocationStatus.CANCELLED, updated_at=now
            )
    return visit


def orientation_required(visit: Visit, worker: Worker | None = None) -> bool:
    """The visit, once held, orients the worker to the physician by law (rules.delegation:
    a nurse's VIP for a disabled worker or an invalidity pension holder, R4624-20). `worker`:
    the visit's, already read (else read here, as it is now)."""
    if worker is None:
        worker = Worker.objects.only("is_disabled", "has_invalidity_pension").get(
            pk=visit.worker_id
        )
    disabled, pension = worker.is_disabled, worker.has_invalidity_pension
    return delegation.orientation_required(
        kinds.VisitKind(visit.kind),
        kinds.Performer(visit.performer),
        disabled=disabled,
        invalidity_pension=pension,
    )


def _after_held(visit: Visit) -> None:
    """A referral opens a physician visit; a physician visit closes the oldest open referral."""
    Worker.objects.filter(pk=visit.worker_id).update(schedule_stale=True)
    held_on = timezone.localtime(visit.held_at).date()
    if visit.referred_to_physician:
        Referral.objects.create(
            from_visit=visit,
            worker_id=visit.worker_id,
            team_id=visit.team_id,
            kind=visit.kind,  # the physician may hold every kind (R4623-14)
            due_on=held_on + datetime.timedelta(days=settings.SPSTI_REFERRAL_DELAY_DAYS),
        )
    elif visit.performer == Performer.PHYSICIAN:
        # resolved_by is one-to-one: one physician visit closes one referral, the oldest.
        referral = (
            Referral.objects.select_for_update()
            .filter(worker_id=visit.worker_id, resolved_by__isnull=True)
            .filter(from_visit__held_at__lte=visit.held_at)
            .order_by("due_on", "pk")
            .first()
        )
        if referral is not None:
            referral.resolved_by = visit
            referral.save(update_fields=["resolved_by", "updated_at"])


@transaction.atomic
def rebook_visit(*, actor: AccessContext, visit: Visit, slot: Slot) -> Visit:
    """A new visit for the same need; the old one stays in the history, with its status.

    A still-planned visit is cancelled first (employer asked another slot), so its slot is free.
    """
    if not perms.manages_agenda(actor):
        raise PermissionDenied
    old = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("worker__adherent")
        .get(pk=visit.pk)
    )
    if old.status == VisitStatus.HELD:
        raise BookingError("Cette visite a été réalisée : elle ne se reprogramme pas.")
    if Visit.objects.filter(rebooked_from=old).exists():
        raise BookingError("Cette visite a déjà été reprogrammée.")
    if old.status == VisitStatus.PLANNED:
        record_outcome(actor=actor, visit=old, status=VisitStatus.CANCELLED, note="Reprogrammée")
    return _book(
        actor=actor,
        worker=old.worker,
        kind=old.kind,
        slot=slot,
        due=None,
        mode=None,
        rebooked_from=old,
        carried=(old.due_on, old.due_reason),
    )
