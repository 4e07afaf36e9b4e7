"""Writes on PDP cases: referral, owner, first contact, steps, detection level, liaison
meeting, R4624-30 opposition, closing with an outcome, follow-ups at 6 and 12 months."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from pdp import perms
from pdp.errors import DuplicateCaseError, PdpError
from pdp.models import CaseFollowUp, CaseStep, LiaisonMeeting, PdpCase
from pdp.rules import cases as rules
from pdp.rules.outcomes import OUTCOME_CODES


def _locked(case: PdpCase) -> PdpCase:
    return PdpCase.objects.select_for_update(of=("self",)).get(pk=case.pk)


def _check_write(actor: AccessContext, case: PdpCase) -> None:
    if not perms.can_write_case(actor, case):
        raise PermissionDenied("Seuls les membres de la cellule PDP travaillent sur ce dossier.")


def _check_open(case: PdpCase) -> None:
    if not case.is_open:
        raise PdpError("Ce dossier est clos.")


def _event(actor: AccessContext, case: PdpCase, from_status: str, note: str = "") -> None:
    CaseStep.objects.create(
        case=case, actor=actor.user, from_status=from_status, to_status=case.status, note=note
    )


def _clean(value: str, label: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise PdpError(f"{label} : ce champ est obligatoire.")
    if len(value) > max_length or "\x00" in value:
        raise PdpError(f"{label} : {max_length} caractères au plus, sans caractère nul.")
    return value


@transaction.atomic
def refer_worker(
    *,
    actor: AccessContext,
    worker,
    source: str,
    reason: str,
    referrer_label: str = "",
    today: datetime.date | None = None,
    member_request=None,
    sick_leave_started_on: datetime.date | None = None,
) -> PdpCase:
    """Refer a known worker to the cell of the current centre; a second open case is refused
    (DuplicateCaseError carries the first)."""
    if not perms.can_refer(actor):
        raise PermissionDenied
    if source not in rules.SOURCE_CODES:
        raise PdpError("Origine du signalement inconnue.")
    existing = PdpCase.objects.open().filter(worker=worker).first()
    if existing:
        raise DuplicateCaseError(existing)
    case = PdpCase(
        center_id=actor.center_id,
        worker=worker,
        adherent_id=worker.adherent_id,
        source=source,
        referrer_label=(referrer_label or "").strip()[:200],
        referred_by=actor.user,
        received_on=today or timezone.localdate(),
        reason=_clean(reason, "Motif", 5000),
        member_request=member_request,
        sick_leave_started_on=sick_leave_started_on,
    )
    try:
        with transaction.atomic(), audit.actor_context(actor):
            case.save()
    except IntegrityError as error:  # a concurrent referral won the race
        raise DuplicateCaseError(PdpCase.objects.open().get(worker=worker)) from error
    _event(actor, case, "", "Signalement")
    return case


@transaction.atomic
def refer_person(
    *,
    actor: AccessContext,
    last_name: str,
    first_name: str,
    birth_date: datetime.date | None,
    adherent=None,
    source: str,
    reason: str,
    referrer_label: str = "",
    today: datetime.date | None = None,
    member_request=None,
    sick_leave_started_on: datetime.date | None = None,
) -> PdpCase:
    """Refer a person not yet in the records (a partner's referral, a worker calling)."""
    if not perms.can_refer(actor):
        raise PermissionDenied
    if source not in rules.SOURCE_CODES:
        raise PdpError("Origine du signalement inconnue.")
    case = PdpCase(
        center_id=actor.center_id,
        person_last_name=_clean(last_name, "Nom", 100),
        person_first_name=_clean(first_name, "Prénom", 100),
        person_birth_date=birth_date,
        adherent=adherent,
        source=source,
        referrer_label=(referrer_label or "").strip()[:200],
        referred_by=actor.user,
        received_on=today or timezone.localdate(),
        reason=_clean(reason, "Motif", 5000),
        member_request=member_request,
        sick_leave_started_on=sick_leave_started_on,
    )
    with audit.actor_context(actor):
        case.save()
    _event(actor, case, "", "Signalement (personne non encore connue du service)")
    return case


@transaction.atomic
def take_case(*, actor: AccessContext, case: PdpCase) -> PdpCase:
    """The acting cell member becomes the case's owner."""
    _check_write(actor, case)
    case = _locked(case)
    _check_open(case)
    case.owner = actor.user
    with audit.actor_context(actor):
        case.save(update_fields=["owner", "updated_at"])
    _event(actor, case, case.status, f"Dossier pris en charge par {actor.user}")
    return case


@transaction.atomic
def record_first_contact(
    *, actor: AccessContext, case: PdpCase, on: datetime.date, today: datetime.date | None = None
) -> PdpCase:
    """The first contact with the worker; moves the case to that step if it was before it."""
    _check_write(actor, case)
    case = _locked(case)
    _check_open(case)
    if error := rules.first_contact_error(case.received_on, on, today or timezone.localdate()):
        raise PdpError(error)
    before = case.status
    case.first_contact_on = on
    if rules.ORDER.index(case.status) < rules.ORDER.index(rules.FIRST_CONTACT):
        case.status = rules.FIRST_CONTACT
    with audit.actor_context(actor):
        case.save(update_fields=["first_contact_on", "status", "updated_at"])
    _event(actor, case, before, f"Premier contact le {on:%d/%m/%Y}")
    return case


@transaction.atomic
def change_status(*, actor: AccessContext, case: PdpCase, status: str, note: str = "") -> PdpCase:
    """Move the case to another step (rules.cases.transition_error)."""
    _check_write(actor, case)
    case = _locked(case)
    if error := rules.transition_error(case.status, status):
        raise PdpError(error)
    before, case.status = case.status, status
    with audit.actor_context(actor):
        case.save(update_fields=["status", "updated_at"])
    _event(actor, case, before, (note or "").strip()[:500])
    return case


@transaction.atomic
def record_risk(
    *, actor: AccessContext, case: PdpCase, level: str, method: str, version: str
) -> PdpCase:
    """Store the detection level as entered or imported, with its method: never computed."""
    _check_write(actor, case)
    case = _locked(case)
    if level not in dict(rules.RISK_LEVELS):
        raise PdpError("Niveau de risque inconnu.")
    case.risk_level = level
    case.risk_method = _clean(method, "Méthode", 80)
    case.risk_method_version = (version or "").strip()[:20]
    with audit.actor_context(actor):
        case.save(update_fields=["risk_level", "risk_method", "risk_method_version", "updated_at"])
    return case


@transaction.atomic
def set_prereprise_opposition(*, actor: AccessContext, case: PdpCase, opposes: bool) -> PdpCase:
    """Record the worker's opposition (or its lifting) to sending the pré-reprise
    recommendations to the employer and the médecin conseil (R4624-30)."""
    _check_write(actor, case)
    case = _locked(case)
    case.opposes_prereprise_sharing = opposes
    case.opposition_recorded_at = timezone.now()
    with audit.actor_context(actor):
        case.save(
            update_fields=["opposes_prereprise_sharing", "opposition_recorded_at", "updated_at"]
        )
    note = "Opposition R4624-30 enregistrée" if opposes else "Opposition R4624-30 levée"
    _event(actor, case, case.status, note)
    return case


@transaction.atomic
def record_liaison_meeting(
    *,
    actor: AccessContext,
    case: PdpCase,
    initiative: str,
    held_on: datetime.date | None,
    participants: str,
    worker_refused: bool,
) -> LiaisonMeeting:
    """A rendez-vous de liaison (L1226-1-3): held on a date with its participants, or refused
    by the worker, which has no consequence for him (D1226-8-1)."""
    _check_write(actor, case)
    _check_open(case)
    if initiative not in LiaisonMeeting.Initiative.values:
        raise PdpError("Initiative inconnue.")
    if not worker_refused and held_on is None:
        raise PdpError("Indiquez la date du rendez-vous, ou que le salarié l'a refusé.")
    with audit.actor_context(actor):
        return LiaisonMeeting.objects.create(
            case=case,
            initiative=initiative,
            held_on=None if worker_refused else held_on,
            participants=(participants or "").strip()[:300],
            worker_refused=worker_refused,
            recorded_by=actor.user,
        )


@transaction.atomic
def close_case(
    *, actor: AccessContext, case: PdpCase, outcome: str, on: datetime.date | None = None
) -> PdpCase:
    """Close the case with an outcome (rules.outcomes); follow-ups come at 6 and 12 months."""
    _check_write(actor, case)
    case = _locked(case)
    _check_open(case)
    if outcome not in OUTCOME_CODES:
        raise PdpError("Choisissez l'issue du dossier.")
    on = on or timezone.localdate()
    if on < case.received_on:
        raise PdpError("La clôture ne peut précéder le signalement.")
    before = case.status
    case.status, case.outcome, case.closed_on = rules.CLOSED, outcome, on
    with audit.actor_context(actor):
        case.save(update_fields=["status", "outcome", "closed_on", "updated_at"])
    _event(actor, case, before, f"Clos : {case.get_outcome_display()}")
    return case


def create_due_follow_ups(*, today: datetime.date, case_ids: list[int] | None = None) -> int:
    """Create the 6- and 12-month follow-ups whose date has come (idempotent); returns how many
    were created. Called by the beat task, one transaction per case."""
    created = 0
    # Any six months span at least 181 days: a cheap pre-filter, the rule decides exactly.
    earliest = today - datetime.timedelta(days=181)
    closed = PdpCase.objects.filter(status=rules.CLOSED, closed_on__lte=earliest).exclude(
        follow_ups__months=rules.FOLLOW_UP_MONTHS[-1]
    )
    if case_ids is not None:
        closed = closed.filter(pk__in=case_ids)
    for case in closed.only("pk", "closed_on").iterator():
        for months in rules.follow_ups_due(case.closed_on, today):
            due_on = rules.follow_up_dates(case.closed_on)[months]
            _, was_created = CaseFollowUp.objects.get_or_create(
                case_id=case.pk, months=months, defaults={"due_on": due_on}
            )
            created += was_created
    return created


@transaction.atomic
def record_follow_up(
    *, actor: AccessContext, follow_up: CaseFollowUp, outcome: str, note: str = ""
) -> CaseFollowUp:
    """The follow-up confirms or corrects the outcome ("lost": lost to follow-up)."""
    _check_write(actor, follow_up.case)
    follow_up = CaseFollowUp.objects.select_for_update(of=("self",)).get(pk=follow_up.pk)
    if follow_up.done_on:
        raise PdpError("Ce suivi est déjà enregistré.")
    if outcome not in OUTCOME_CODES:
        raise PdpError("Choisissez l'issue constatée.")
    follow_up.outcome, follow_up.note = outcome, (note or "").strip()[:500]
    follow_up.done_on, follow_up.done_by = timezone.localdate(), actor.user
    with audit.actor_context(actor):
        follow_up.save()
    return follow_up
