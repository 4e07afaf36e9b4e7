"""The non-conformity register: raise (from an audit, a complaint, an incident, an indicator
drift), analyse causes, corrective actions with owner, due date, completion and effectiveness
check, closure; late ones are told (the severity unchanged), and a minor one still open at the next
certification audit becomes major at that audit (stand-in rules, certification/rules)."""

from __future__ import annotations

import datetime

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from accounts.audit import actor_context
from certification import perms
from certification import services_notify as notify
from certification.audits.models import Audit
from certification.errors import CertificationError
from certification.nonconformities.models import CorrectiveAction, NcSource, NonConformity
from certification.rules import nonconformities as rules

SERVICE = "certification.nonconformities.escalate_at_audits"  # history context of the task


def _require_manager(actor) -> None:
    if not perms.manages_quality(actor):
        raise PermissionDenied


def _next_number(center_id: int) -> int:
    # One register per centre; the advisory lock serialises numbering within the transaction.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x4E43, center_id])  # "NC"
    last = NonConformity.objects.filter(center_id=center_id).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


@transaction.atomic
def raise_nonconformity(
    *,
    actor,
    source: str,
    title: str,
    description: str,
    severity: str,
    detected_on: datetime.date,
    criterion=None,
    complaint=None,
    audit=None,
) -> NonConformity:
    """Enter a non-conformity in the register, its due date set by its severity."""
    _require_manager(actor)
    if source == NcSource.COMPLAINT and complaint is None:
        raise CertificationError("Une non-conformité issue d'une réclamation la désigne.")
    if detected_on > timezone.localdate():
        raise CertificationError("La date de constat ne peut pas être dans le futur.")
    due = rules.due_on(severity, detected_on)
    with actor_context(actor):
        return NonConformity.objects.create(
            center_id=actor.center_id,
            number=_next_number(actor.center_id),
            source=source,
            title=title.strip(),
            description=description.strip(),
            severity=severity,
            detected_on=detected_on,
            due_on=due.on,
            criterion=criterion,
            complaint=complaint,
            audit=audit,
            raised_by=actor.user,
        )


@transaction.atomic
def nonconformity_from_complaint(
    *, actor, complaint, severity: str, criterion=None, description: str = ""
) -> NonConformity:
    """Turn a complaint of the centre into a non-conformity (once per complaint)."""
    _require_manager(actor)
    if complaint.center_id != actor.center_id:
        raise PermissionDenied
    if NonConformity.objects.filter(complaint=complaint).exists():
        raise CertificationError("Cette réclamation a déjà sa non-conformité.")
    return raise_nonconformity(
        actor=actor,
        source=NcSource.COMPLAINT,
        title=f"Réclamation : {complaint.subject}"[:200],
        description=description.strip() or complaint.description,
        severity=severity,
        detected_on=complaint.received_on,
        criterion=criterion,
        complaint=complaint,
    )


def _open(nc: NonConformity) -> NonConformity:
    nc = NonConformity.objects.select_for_update().get(pk=nc.pk)
    if nc.closed_on:
        raise CertificationError("Cette non-conformité est soldée : elle ne se modifie plus.")
    return nc


@transaction.atomic
def record_cause_analysis(*, actor, nonconformity: NonConformity, cause_analysis: str) -> None:
    _require_manager(actor)
    nc = _open(nonconformity)
    nc.cause_analysis = cause_analysis.strip()
    with actor_context(actor):
        nc.save(update_fields=["cause_analysis", "updated_at"])


@transaction.atomic
def add_action(
    *, actor, nonconformity: NonConformity, description: str, owner, due_on: datetime.date
) -> CorrectiveAction:
    """A corrective action, owned by a staff member of the centre."""
    _require_manager(actor)
    nc = _open(nonconformity)
    if due_on < nc.detected_on:
        raise CertificationError("L'échéance ne peut pas précéder le constat.")
    with actor_context(actor):
        return CorrectiveAction.objects.create(
            nonconformity=nc, description=description.strip(), owner=owner, due_on=due_on
        )


def _action(action: CorrectiveAction) -> CorrectiveAction:
    action = (
        CorrectiveAction.objects.select_for_update()
        .select_related("nonconformity")
        .get(pk=action.pk)
    )
    if action.nonconformity.closed_on:
        raise CertificationError("Cette non-conformité est soldée : elle ne se modifie plus.")
    return action


@transaction.atomic
def complete_action(*, actor, action: CorrectiveAction, done_on: datetime.date) -> None:
    """The quality manager, or the action's owner, records it done."""
    action = _action(action)
    if not (perms.manages_quality(actor) or action.owner_id == actor.user.pk):
        raise PermissionDenied
    if done_on > timezone.localdate():
        raise CertificationError("Une action ne peut pas être réalisée dans le futur.")
    action.done_on = done_on
    with actor_context(actor):
        action.save(update_fields=["done_on", "updated_at"])


@transaction.atomic
def check_action(*, actor, action: CorrectiveAction, is_effective: bool, note: str) -> None:
    """The effectiveness check, after completion; an ineffective action calls for another."""
    _require_manager(actor)
    action = _action(action)
    if action.done_on is None:
        raise CertificationError("L'efficacité se vérifie une fois l'action réalisée.")
    action.is_effective, action.check_note = is_effective, note.strip()
    action.checked_on = timezone.localdate()
    with actor_context(actor):
        action.save(update_fields=["is_effective", "check_note", "checked_on", "updated_at"])


@transaction.atomic
def close_nonconformity(*, actor, nonconformity: NonConformity) -> NonConformity:
    """Closed once causes are analysed and every action is done and checked effective."""
    _require_manager(actor)
    nc = _open(nonconformity)
    actions = list(nc.actions.all())
    if not nc.cause_analysis:
        raise CertificationError("Analysez les causes avant de solder la non-conformité.")
    if not actions:
        raise CertificationError("Aucune action corrective n'est enregistrée.")
    if any(a.done_on is None or a.is_effective is not True for a in actions):
        raise CertificationError(
            "Chaque action doit être réalisée et son efficacité vérifiée avant de solder."
        )
    nc.closed_on = timezone.localdate()
    with actor_context(actor):
        nc.save(update_fields=["closed_on", "updated_at"])
    return nc


@transaction.atomic
def alert_late(*, today: datetime.date) -> list[int]:
    """Open non-conformities past their due date: quality and direction are told once each,
    the mail queued in the outbox in the same transaction as the mark (both happen, or
    neither). Being late never changes the severity (stand-in rules, TO VERIFY): a minor one
    becomes major only at the next certification audit (escalate_at_audits). Returns the ids
    told."""
    told = []
    late = NonConformity.objects.select_for_update().filter(
        closed_on__isnull=True, late_alerted_on__isnull=True, due_on__lt=today
    )
    for nc in late:
        lateness = nc.lateness(today)
        if not lateness.is_late:
            continue
        nc.late_alerted_on = today
        nc.save(update_fields=["late_alerted_on", "updated_at"])
        notify.alert(
            nc.center_id,
            subject=f"{nc.reference} en retard",
            body=f"{nc.reference} « {nc.title} » devait être soldée le {nc.due_on:%d/%m/%Y}. "
            f"{lateness.reason} ({rules.SOURCE})",
            key=f"certification:nc-late:{nc.pk}",
            with_direction=True,
            related=nc,
        )
        told.append(nc.pk)
    return told


def _checking_audits(center_id: int | None, today: datetime.date):
    """The audits that check open minor non-conformities (certification audits), begun by
    `today`, in the order they began."""
    audits = Audit.objects.filter(kind__in=rules.CHECKING_AUDIT_KINDS, starts_on__lte=today)
    if center_id is not None:
        audits = audits.filter(center_id=center_id)
    return audits.order_by("starts_on", "pk")


@transaction.atomic
def escalate_at_audits(
    *, today: datetime.date, center_id: int | None = None, actor=None
) -> list[int]:
    """Minor non-conformities still open when the first certification audit begun after
    their detection began become major at that audit (stand-in rules, TO VERIFY): the audit is
    named on the row (escalated_at_audit), so the row's history keeps the change and why, and
    quality and direction are told, in this transaction. Called when an audit is recorded (by its
    recording actor) and every day (for an audit recorded before its first day). Idempotent.
    Returns the ids made major."""
    audits = _checking_audits(center_id, today)
    # A superset of the minor NCs a begun audit may check (the rule below decides): one begun
    # after the detection day, the NC open or closed on or after that audit's first day.
    after_detection = audits.filter(
        center_id=OuterRef("center_id"), starts_on__gt=OuterRef("detected_on")
    )
    candidates = (
        NonConformity.objects.select_for_update()
        .filter(severity=rules.MINOR)
        .filter(
            (Q(closed_on__isnull=True) & Exists(after_detection))
            | Exists(after_detection.filter(starts_on__lte=OuterRef("closed_on")))
        )
        .order_by("pk")
    )
    by_center: dict[int, list[Audit]] = {}
    escalated = []
    for nc in candidates:
        if nc.center_id not in by_center:
            by_center[nc.center_id] = list(audits.filter(center_id=nc.center_id))
        # The next audit after its detection (never the audit that found it).
        audit = next(
            (
                a
                for a in by_center[nc.center_id]
                if a.starts_on > nc.detected_on and a.pk != nc.audit_id
            ),
            None,
        )
        if audit is None:
            continue
        check = rules.at_audit(
            nc.severity,
            nc.detected_on,
            nc.closed_on,
            audit_kind=audit.kind,
            audit_starts_on=audit.starts_on,
        )
        if check.new_severity == nc.severity:
            continue
        # The row names the audit: its history (pghistory) keeps the change and why.
        nc.severity, nc.escalated_at_audit = check.new_severity, audit
        history = actor_context(actor) if actor else pghistory.context(service=SERVICE)
        with history:
            nc.save(update_fields=["severity", "escalated_at_audit", "updated_at"])
        notify.alert(
            nc.center_id,
            subject=f"{nc.reference} devenue majeure",
            body=f"{nc.reference} « {nc.title} », constatée le {nc.detected_on:%d/%m/%Y}, "
            f"était encore ouverte à l'audit « {audit.title} » du "
            f"{audit.starts_on:%d/%m/%Y} : elle devient majeure ({rules.SOURCE}).",
            key=f"certification:nc-major:{nc.pk}",
            with_direction=True,
            related=nc,
        )
        escalated.append(nc.pk)
    return escalated
