"""Audits: plan an internal, cross or certification audit; record findings (a non-conformity
enters the register, an observation stays on the audit); record the certification result (only
level 3 is renewable). A certification audit recorded on or after its first day makes the
register's minor non-conformities still open at it major, in the same transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from accounts.audit import actor_context
from certification import perms
from certification import services_notify as notify
from certification.audits import selectors
from certification.audits.models import Audit, AuditKind, Finding
from certification.errors import CertificationError
from certification.nonconformities import services as nc_services
from certification.nonconformities.models import NcSource
from certification.rules import levels
from certification.rules import nonconformities as nc_rules


def _require_manager(actor) -> None:
    if not perms.manages_quality(actor):
        raise PermissionDenied


def _check_open_nonconformities(actor, audit: Audit) -> None:
    """An audit that checks the register (certification audit), begun: the minor
    non-conformities still open at it become major now, in the recording's transaction (one
    recorded ahead of its first day: the daily task does it that day)."""
    if audit.kind in nc_rules.CHECKING_AUDIT_KINDS and audit.starts_on <= timezone.localdate():
        nc_services.escalate_at_audits(
            today=timezone.localdate(), center_id=audit.center_id, actor=actor
        )


@transaction.atomic
def plan_audit(
    *,
    actor,
    kind: str,
    title: str,
    scope: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    auditors=(),
    external_auditors: str = "",
    sampled_criteria=(),
    certifier: str = "",
) -> Audit:
    """An audit with its scope, dates, auditors and the criteria it samples."""
    _require_manager(actor)
    if ends_on < starts_on:
        raise CertificationError("La fin de l'audit précède son début.")
    if kind == AuditKind.EXTERNAL and not certifier.strip():
        raise CertificationError("Un audit de certification nomme son organisme certificateur.")
    with actor_context(actor):
        audit = Audit.objects.create(
            center_id=actor.center_id,
            kind=kind,
            title=title.strip(),
            scope=scope.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            external_auditors=external_auditors.strip(),
            certifier=certifier.strip(),
            created_by=actor.user,
        )
        audit.auditors.set(auditors)
        audit.sampled_criteria.set(sampled_criteria)
    _check_open_nonconformities(actor, audit)
    return audit


@transaction.atomic
def record_finding(
    *, actor, audit: Audit, kind: str, text: str, criterion=None, severity: str = "minor"
) -> Finding:
    """A finding; a non-conformity is entered in the register with the audit as its source."""
    _require_manager(actor)
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    _check_open_nonconformities(actor, audit)
    nc = None
    if kind == Finding.Kind.NONCONFORMITY:
        source = (
            NcSource.EXTERNAL_AUDIT if audit.kind == AuditKind.EXTERNAL else NcSource.INTERNAL_AUDIT
        )
        nc = nc_services.raise_nonconformity(
            actor=actor,
            source=source,
            title=f"{audit.title} : {text}"[:200],
            description=text,
            severity=severity,
            detected_on=min(audit.ends_on, timezone.localdate()),
            criterion=criterion,
            audit=audit,
        )
    with actor_context(actor):
        return Finding.objects.create(
            audit=audit,
            kind=kind,
            text=text.strip(),
            criterion=criterion,
            nonconformity=nc,
            recorded_by=actor.user,
        )


@transaction.atomic
def record_certification(
    *,
    actor,
    audit: Audit,
    level: int,
    certified_on: datetime.date,
    reserves: str = "",
    immediate_actions: str = "",
    report: str = "",
) -> Audit:
    """The certifier's decision: level obtained, validity by level (2/3/5 years), reserves.
    Only level 3 is renewable: after a level 1 or 2 certificate the next one is of a higher
    level (D4622-47-1, arrêté of 27 July 2023), checked against the centre's certificates
    before and after this one."""
    _require_manager(actor)
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if audit.kind != AuditKind.EXTERNAL:
        raise CertificationError("Seul un audit de certification donne un niveau.")
    _check_succession(audit, level, certified_on)
    validity = levels.validity(level, certified_on)
    audit.level_obtained, audit.certified_on = level, certified_on
    audit.valid_until = validity.valid_until
    audit.reserves, audit.immediate_actions = reserves.strip(), immediate_actions.strip()
    if report.strip():
        audit.report = report.strip()
    audit.alerts_sent = []
    with actor_context(actor):
        audit.save()
    _check_open_nonconformities(actor, audit)
    return audit


def _check_succession(audit: Audit, level: int, certified_on: datetime.date) -> None:
    """Refuse a level that may not follow the previous certificate, or that the next one
    (a certificate entered out of order) may not follow."""
    with connection.cursor() as cursor:  # one centre's certificates, one recording at a time
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x4345, audit.center_id])  # "CE"
    others = selectors.other_certificates(audit)
    before = others.filter(certified_on__lte=certified_on).order_by("-certified_on", "-pk").first()
    succession = levels.may_follow(before.level_obtained if before else None, level)
    if not succession.allowed:
        raise CertificationError(
            f"Certificat précédent : niveau {before.level_obtained} du "
            f"{before.certified_on:%d/%m/%Y}. {succession.reason}"
        )
    after = others.filter(certified_on__gt=certified_on).order_by("certified_on", "pk").first()
    if after is not None:
        succession = levels.may_follow(level, after.level_obtained)
        if not succession.allowed:
            raise CertificationError(
                f"Certificat suivant : niveau {after.level_obtained} du "
                f"{after.certified_on:%d/%m/%Y}. {succession.reason}"
            )


def send_expiry_alerts(*, today: datetime.date) -> int:
    """Certificates ending in 12 or 6 months: mail quality and direction, once per alert."""
    sent = 0
    for audit in Audit.objects.filter(kind=AuditKind.EXTERNAL, valid_until__gte=today):
        for months in levels.alerts_due(audit.valid_until, today, set(audit.alerts_sent)):
            validity = levels.validity(audit.level_obtained, audit.certified_on)
            body = (
                f"La certification de niveau {audit.level_obtained} ({audit.certifier}) prend fin "
                f"le {audit.valid_until:%d/%m/%Y}, dans {months} mois. {validity.reason} "
                f"({validity.article})"
            )
            with transaction.atomic():  # the mark and the mail: both, or neither
                locked = Audit.objects.select_for_update().get(pk=audit.pk)
                if months in locked.alerts_sent:
                    continue  # another run got there first
                notify.alert(
                    audit.center_id,
                    subject=f"Certification : fin de validité dans {months} mois",
                    body=body,
                    key=f"certification:expiry:{audit.pk}:{months}",
                    with_direction=True,
                    related=audit,
                )
                locked.alerts_sent = sorted({*locked.alerts_sent, months})
                locked.save(update_fields=["alerts_sent", "updated_at"])
            sent += 1
    return sent
