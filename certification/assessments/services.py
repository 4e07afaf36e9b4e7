"""Self-assessment: open a campaign over a referential version, assess each criterion, attach
evidence (a controlled document or a live figure), close the campaign."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.audit import actor_context
from certification import perms
from certification.assessments.models import Assessment, AssessmentStatus, Campaign, Evidence
from certification.documents.models import ControlledDocument, DocumentVersion, VersionStatus
from certification.errors import CertificationError
from certification.referential.models import Referential


def _require_manager(actor) -> None:
    if not perms.manages_quality(actor):
        raise PermissionDenied


@transaction.atomic
def open_campaign(
    *, actor, referential: Referential, title: str, started_on: datetime.date
) -> Campaign:
    """A new campaign with one "not addressed" line per criterion of the version."""
    _require_manager(actor)
    criteria = list(referential.criteria.values_list("pk", flat=True))
    if not criteria:
        raise CertificationError("Cette version du référentiel ne contient aucun critère.")
    with actor_context(actor):
        campaign = Campaign.objects.create(
            center_id=actor.center_id,
            referential=referential,
            title=title,
            started_on=started_on,
            created_by=actor.user,
        )
        Assessment.objects.bulk_create(
            Assessment(campaign=campaign, criterion_id=pk) for pk in criteria
        )
    return campaign


def _open_line(assessment: Assessment) -> Assessment:
    line = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=assessment.pk)
    )
    if line.campaign.closed_on:
        raise CertificationError("Cette campagne est close : elle ne se modifie plus.")
    return line


@transaction.atomic
def assess(
    *, actor, assessment: Assessment, status: str, justification: str = "", comment: str = ""
) -> Assessment:
    """Record where the centre stands on a criterion; "not applicable" needs a justification."""
    _require_manager(actor)
    line = _open_line(assessment)
    justification = justification.strip()
    if status == AssessmentStatus.NOT_APPLICABLE and not justification:
        raise CertificationError("Un critère non applicable doit être justifié.")
    line.status = status
    line.justification = justification if status == AssessmentStatus.NOT_APPLICABLE else ""
    line.comment = comment.strip()
    line.assessor = actor.user
    line.assessed_on = timezone.localdate()
    with actor_context(actor):
        line.save()
    return line


@transaction.atomic
def add_evidence(
    *,
    actor,
    assessment: Assessment,
    label: str,
    document: ControlledDocument | None = None,
    live_figure: str = "",
) -> Evidence:
    """Attach a proof: a controlled document (its approved version is pinned) or a live figure."""
    _require_manager(actor)
    line = _open_line(assessment)
    if document is None and not live_figure:
        raise CertificationError("Choisissez un document maîtrisé ou un indicateur du portail.")
    version = None
    if document is not None:
        if document.center_id != actor.center_id:
            raise PermissionDenied
        version = (
            DocumentVersion.objects.filter(document=document, status=VersionStatus.APPROVED)
            .order_by("-number")
            .first()
        )
    with actor_context(actor):
        return Evidence.objects.create(
            assessment=line,
            label=label.strip() or (str(document) if document else ""),
            document=document,
            document_version=version,
            live_figure=live_figure,
            owner=actor.user,
            dated_on=timezone.localdate(),
        )


@transaction.atomic
def close_campaign(*, actor, campaign: Campaign) -> Campaign:
    """Freeze a campaign: it becomes the comparison point of the next one."""
    _require_manager(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.closed_on:
        raise CertificationError("Cette campagne est déjà close.")
    campaign.closed_on = timezone.localdate()
    with actor_context(actor):
        campaign.save(update_fields=["closed_on", "updated_at"])
    return campaign
