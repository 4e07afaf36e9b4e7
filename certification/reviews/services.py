"""The yearly management review: inputs gathered from the portal, decisions, a frozen PDF."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from accounts.audit import actor_context
from adherents.models import Complaint, SurveyAnswer, SurveyInvitation
from certification import perms
from certification.assessments import selectors as assessment_selectors
from certification.assessments.models import Campaign
from certification.audits.models import Audit
from certification.errors import CertificationError
from certification.nonconformities import selectors as nc_selectors
from certification.processes.models import Process
from certification.reviews.models import ManagementReview
from spsti import documents_storage


def gather_inputs(center_id: int, year: int, today: datetime.date) -> dict:
    """What the review looks at, as figures of the portal for the year (JSON)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    campaign = (
        Campaign.objects.filter(center_id=center_id, started_on__lte=end)
        .order_by("-started_on", "-pk")
        .first()
    )
    readiness = None
    if campaign is not None:
        comparison = assessment_selectors.comparison(campaign)
        readiness = {"campaign": campaign.title, "summary": comparison.summary}
    complaints = Complaint.objects.filter(
        center_id=center_id, received_on__range=(start, end)
    ).aggregate(total=Count("pk"), closed=Count("pk", filter=Q(status="closed")))
    audits = [
        {
            "title": a.title,
            "kind": a.get_kind_display(),
            "dates": f"{a.starts_on:%d/%m/%Y} – {a.ends_on:%d/%m/%Y}",
            "findings": a.findings.count(),
            "level": a.level_obtained,
        }
        for a in Audit.objects.filter(center_id=center_id, starts_on__range=(start, end))
    ]
    invitations = SurveyInvitation.objects.filter(
        adherent__team__center_id=center_id, sent_at__year=year
    ).aggregate(sent=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    average = SurveyAnswer.objects.filter(
        invitation__adherent__team__center_id=center_id,
        invitation__sent_at__year=year,
        rating__isnull=False,
    ).aggregate(average=Avg("rating"))["average"]
    satisfaction = {
        **invitations,
        "average": None if average is None else round(float(average), 1),
    }
    late_processes = Process.objects.filter(center_id=center_id, next_review_on__lt=today).count()
    return {
        "year": year,
        "readiness": readiness,
        "nonconformities": nc_selectors.open_counts(center_id, today),
        "complaints": complaints,
        "audits": audits,
        "late_process_reviews": late_processes,
        # Every survey of the year together (1 to 5 ratings); which survey the review should
        # read is TO VERIFY with the service (seeds 001, 002).
        "satisfaction": satisfaction,
    }


@transaction.atomic
def hold_review(*, actor, year: int, held_on: datetime.date, decisions: str) -> ManagementReview:
    """The direction records the year's review; its inputs are frozen with it, then its PDF."""
    if not perms.holds_review(actor):
        raise PermissionDenied
    if ManagementReview.objects.filter(center_id=actor.center_id, year=year).exists():
        raise CertificationError(f"La revue de direction {year} est déjà enregistrée.")
    if held_on > timezone.localdate():
        raise CertificationError("Une revue ne peut pas être datée dans le futur.")
    with actor_context(actor):
        review = ManagementReview.objects.create(
            center_id=actor.center_id,
            year=year,
            held_on=held_on,
            inputs=gather_inputs(actor.center_id, year, timezone.localdate()),
            decisions=decisions.strip(),
            held_by=actor.user,
        )
    from certification.reviews import tasks

    transaction.on_commit(lambda: tasks.render_review_pdf.delay(review.pk))
    return review


def store_pdf(*, review: ManagementReview, content: bytes) -> None:
    """Freeze the review's PDF once in the documents storage (never regenerated in place: a
    database trigger refuses to change its name or hash once set)."""
    with transaction.atomic():
        review = ManagementReview.objects.select_for_update().get(pk=review.pk)
        if review.pdf:
            return
        stored = documents_storage.store(
            content, app="certification", kind="management_review", extension="pdf"
        )
        review.pdf, review.sha256 = stored.name, stored.sha256
        review.save(update_fields=["pdf", "sha256", "updated_at"])
