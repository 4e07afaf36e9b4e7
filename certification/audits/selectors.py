"""Reads of audits, and what an auditor may read: the sampled criteria's latest assessment."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from certification.assessments.models import Assessment, Campaign
from certification.audits.models import Audit, Finding
from certification.nonconformities.models import NonConformity


def audits_for(ctx) -> QuerySet[Audit]:
    return Audit.objects.visible_to(ctx).annotate(finding_count=Count("findings"))


def detail_queryset(ctx) -> QuerySet[Audit]:
    return Audit.objects.visible_to(ctx).prefetch_related(
        "auditors",
        "sampled_criteria__chapter",
        Prefetch(
            "findings",
            queryset=Finding.objects.select_related("criterion", "nonconformity"),
        ),
        Prefetch(
            "escalated_nonconformities",
            queryset=NonConformity.objects.order_by("number"),
        ),
    )


def other_certificates(audit: Audit) -> QuerySet[Audit]:
    """The centre's certificates (audits with a level obtained) other than this audit's."""
    return Audit.objects.filter(center_id=audit.center_id, level_obtained__isnull=False).exclude(
        pk=audit.pk
    )


def latest_certificate(audit: Audit) -> Audit | None:
    """The centre's latest certificate other than this audit's."""
    return other_certificates(audit).order_by("-certified_on", "-pk").first()


def scope_assessments(audit: Audit) -> list[Assessment]:
    """The latest campaign's lines for the audit's sampled criteria, with their evidence."""
    campaign = (
        Campaign.objects.filter(center_id=audit.center_id, started_on__lte=audit.ends_on)
        .order_by("-started_on", "-pk")
        .first()
    )
    if campaign is None:
        return []
    return list(
        campaign.assessments.filter(criterion__in=audit.sampled_criteria.all())
        .select_related("criterion", "assessor")
        .prefetch_related("evidence")
    )
