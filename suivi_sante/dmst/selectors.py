"""Reads of the DMST, the follow-up documents and the delegation protocols.

The DMST is only ever loaded through `read_dmst`, which checks the predicate and writes the
access-log line first (L4624-8, L1110-4 CSP): no page can show it without leaving a trace.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from accounts.models import AccessLog
from accounts.roles import MEDICAL_ROLES
from suivi_sante import perms
from suivi_sante.enums import VisitStatus
from suivi_sante.models import (
    DelegationProtocol,
    Dmst,
    ExposureRecord,
    FollowUpDocument,
    Measurement,
    MedicalNote,
    Visit,
    Worker,
)

DMST_READ = "suivi_sante.dmst.read"
ACCESS_REQUEST_REASON = "demande d'accès du salarié"  # L1111-7 CSP


@dataclass(frozen=True)
class DmstRecord:
    """Everything the record holds for one worker, ready for a page or the access-request PDF."""

    worker: Worker
    dmst: Dmst | None
    notes: list[MedicalNote]
    corrected_note_ids: frozenset[int]
    current_exposures: list[ExposureRecord]
    past_exposures: list[ExposureRecord]
    measurements: list[Measurement]
    documents: list[FollowUpDocument]


def dmst_of(worker: Worker) -> Dmst | None:
    """The worker's DMST header, if one was opened."""
    return Dmst.objects.filter(worker=worker).select_related("opened_by").first()


def load_record_unlogged(worker: Worker) -> DmstRecord:
    """The record without the access check nor the log line: only after `read_dmst`."""
    dmst = dmst_of(worker)
    documents = list(worker_documents(worker))
    if dmst is None:
        return DmstRecord(worker, None, [], frozenset(), [], [], [], documents)
    notes = list(
        MedicalNote.objects.filter(dmst=dmst)
        .select_related("author", "visit", "corrects")
        .order_by("-written_at", "-pk")
    )
    today = timezone.localdate()
    exposures = list(
        ExposureRecord.objects.filter(dmst=dmst)
        .select_related("author")
        .order_by("-started_on", "-pk")
    )
    return DmstRecord(
        worker=worker,
        dmst=dmst,
        notes=notes,
        corrected_note_ids=frozenset(n.corrects_id for n in notes if n.corrects_id),
        current_exposures=[e for e in exposures if e.ended_on is None or e.ended_on >= today],
        past_exposures=[e for e in exposures if e.ended_on is not None and e.ended_on < today],
        measurements=list(
            Measurement.objects.filter(dmst=dmst)
            .select_related("author")
            .order_by("-measured_on", "-pk")
        ),
        documents=documents,
    )


def read_dmst(ctx: AccessContext, worker: Worker, *, request=None, reason: str = "") -> DmstRecord:
    """The worker's record for one of their professionals; logs the read (who, when, from where).

    A refused reader gets PermissionDenied and leaves no log line: nothing was read.
    """
    if not perms.can_read_dmst(ctx, worker):
        raise PermissionDenied
    audit.record_read(ctx, DMST_READ, worker, request=request, reason=reason)
    return load_record_unlogged(worker)


def dmst_reads(worker: Worker) -> QuerySet[AccessLog]:
    """Who read this worker's DMST, newest first (the access-log index serves it)."""
    return (
        AccessLog.objects.filter(
            object_type=Worker._meta.label_lower, object_id=str(worker.pk), action=DMST_READ
        )
        .select_related("user")
        .order_by("-at", "-pk")
    )


def worker_visits(worker: Worker) -> QuerySet[Visit]:
    """The worker's held visits, for linking a note or a measurement to one."""
    return Visit.objects.filter(worker=worker, status=VisitStatus.HELD).order_by("-held_at")


# Follow-up documents: their PDF is a file of the documents storage, read by the download only.


def worker_documents(worker: Worker) -> QuerySet[FollowUpDocument]:
    """The worker's issued documents."""
    return (
        FollowUpDocument.objects.filter(worker=worker)
        .select_related("issued_by", "visit")
        .order_by("-issued_at", "-pk")
    )


def visit_documents(visit: Visit) -> QuerySet[FollowUpDocument]:
    """Documents issued at this visit."""
    return (
        FollowUpDocument.objects.filter(visit=visit)
        .select_related("issued_by")
        .order_by("issued_at", "pk")
    )


def document_list(ctx: AccessContext) -> QuerySet[FollowUpDocument]:
    """Documents visible in this context (portal: the member's workers)."""
    return (
        FollowUpDocument.objects.visible_to(ctx)
        .select_related("worker", "visit")
        .order_by("-issued_at", "-pk")
    )


# Delegation protocols.


def protocol_list(ctx: AccessContext) -> QuerySet[DelegationProtocol]:
    """Protocols of the current centre's teams, newest first."""
    return (
        DelegationProtocol.objects.visible_to(ctx)
        .select_related("team", "signed_by")
        .order_by("-valid_from", "-pk")
    )


def protocol_visits(protocol: DelegationProtocol) -> QuerySet[Visit]:
    """Visits held under this protocol (R4623-14: the system records it for each visit)."""
    return (
        Visit.objects.filter(protocol=protocol, status=VisitStatus.HELD)
        .select_related("worker", "professional")
        .order_by("-held_at", "-pk")
    )


def planned_visits_after(protocol: DelegationProtocol, day) -> int:
    """Visits still planned under this protocol after that day (to review when it ends)."""
    return Visit.objects.filter(
        protocol=protocol, status=VisitStatus.PLANNED, scheduled_at__date__gt=day
    ).count()


def centre_professionals(ctx: AccessContext) -> QuerySet:
    """Physicians and nurses with an active assignment in the current centre."""
    return (
        get_user_model()
        .objects.filter(
            staff_assignments__center_id=ctx.center_id,
            staff_assignments__ended_on__isnull=True,
            staff_assignments__role__in=MEDICAL_ROLES,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
