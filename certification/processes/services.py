"""The process map: define a process with its pilot, record its yearly review; remind late
reviews (processes and controlled documents) to the quality managers."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.audit import actor_context
from certification import perms
from certification import services_notify as notify
from certification.documents.models import ControlledDocument
from certification.errors import CertificationError
from certification.nonconformities.models import CorrectiveAction
from certification.processes.models import Process, ProcessReview
from certification.rules import documents as document_rules
from certification.rules import processes as rules
from spsti.mail import iso_week


@transaction.atomic
def define_process(
    *, actor, code: str, name: str, kind: str, pilot, objectives: str = "", indicators: str = ""
) -> Process:
    """A process of the centre's map, due for its first review 12 months on."""
    if not perms.manages_quality(actor):
        raise PermissionDenied
    if Process.objects.filter(center_id=actor.center_id, code=code.strip()).exists():
        raise CertificationError(f"Le code {code} est déjà pris dans la cartographie.")
    today = timezone.localdate()
    with actor_context(actor):
        return Process.objects.create(
            center_id=actor.center_id,
            code=code.strip(),
            name=name.strip(),
            kind=kind,
            pilot=pilot,
            objectives=objectives.strip(),
            indicators=indicators.strip(),
            next_review_on=rules.next_review_on(None, today),
        )


@transaction.atomic
def update_objectives(*, actor, process: Process, objectives: str, indicators: str) -> Process:
    """The pilot (or the quality manager) keeps the process's objectives and indicators."""
    if not perms.pilots(actor, process):
        raise PermissionDenied
    process = Process.objects.select_for_update().get(pk=process.pk)
    process.objectives, process.indicators = objectives.strip(), indicators.strip()
    with actor_context(actor):
        process.save(update_fields=["objectives", "indicators", "updated_at"])
    return process


@transaction.atomic
def record_review(
    *, actor, process: Process, held_on: datetime.date, minutes: str, decisions: str = ""
) -> ProcessReview:
    """The pilot (or the quality manager) records the yearly review; the next one is set."""
    if not perms.pilots(actor, process):
        raise PermissionDenied
    if held_on > timezone.localdate():
        raise CertificationError("Une revue ne peut pas être datée dans le futur.")
    process = Process.objects.select_for_update().get(pk=process.pk)
    with actor_context(actor):
        review = ProcessReview.objects.create(
            process=process,
            held_on=held_on,
            minutes=minutes.strip(),
            decisions=decisions.strip(),
            recorded_by=actor.user,
        )
        if process.last_reviewed_on is None or held_on > process.last_reviewed_on:
            process.last_reviewed_on = held_on
            process.next_review_on = rules.next_review_on(held_on, held_on)
            process.save(update_fields=["last_reviewed_on", "next_review_on", "updated_at"])
    return review


def remind_reviews(*, today: datetime.date) -> int:
    """One mail per centre and week: late process reviews, documents due for review, late
    corrective actions."""
    by_center: dict[int, list[str]] = {}
    for process in Process.objects.filter(next_review_on__lt=today).order_by("code"):
        by_center.setdefault(process.center_id, []).append(
            f"Revue du processus {process.code} {process.name} en retard "
            f"(prévue avant le {process.next_review_on:%d/%m/%Y}, pilote {process.pilot})."
        )
    for doc in ControlledDocument.objects.filter(review_due_on__isnull=False).order_by("reference"):
        if document_rules.review_is_due(doc.review_due_on, today):
            by_center.setdefault(doc.center_id, []).append(
                f"Document {doc.reference} {doc.title} à revoir avant le "
                f"{doc.review_due_on:%d/%m/%Y} (propriétaire {doc.owner})."
            )
    for action in (
        CorrectiveAction.objects.filter(done_on__isnull=True, due_on__lt=today)
        .select_related("nonconformity", "owner")
        .order_by("due_on")
    ):
        nc = action.nonconformity
        by_center.setdefault(nc.center_id, []).append(
            f"Action corrective de {nc.reference} en retard (échéance {action.due_on:%d/%m/%Y}, "
            f"responsable {action.owner}) : {action.description[:120]}"
        )
    sent = 0
    for center_id, lines in by_center.items():
        sent += notify.alert(
            center_id,
            subject="Qualité : revues en retard ou à venir",
            body="\n".join(lines),
            key=f"certification:reviews:{center_id}:{iso_week(today)}",
        )
    return sent
