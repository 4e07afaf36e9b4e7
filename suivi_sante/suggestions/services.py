"""Exposure suggestions: another area (a CMR product in the worker's unit) suggests a SIR risk;
only the physician decides, and nothing changes before (R4624-23 I, R4624-24)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from suivi_sante.enums import SirRisk
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Employment, ExposureSuggestion
from suivi_sante.schedule import services as schedule

SOURCE_MAX = 300


def _clip(source: str) -> str:
    source = " ".join(source.split())
    return source if len(source) <= SOURCE_MAX else source[: SOURCE_MAX - 1] + "…"


@transaction.atomic
def suggest_exposures(
    *, employments: Iterable[Employment], sir_risk: str, source: str
) -> list[ExposureSuggestion]:
    """Suggest a SIR risk for these posts, skipping those that carry it or have an open one.

    Two queries whatever the number of posts; returns the suggestions created.
    """
    if sir_risk not in SirRisk.values:
        raise FollowUpError("Risque particulier inconnu.")
    candidates = {e.pk: e for e in employments if sir_risk not in (e.sir_risks or [])}
    if not candidates:
        return []
    already_open = set(
        ExposureSuggestion.objects.filter(
            employment_id__in=candidates, sir_risk=sir_risk, decision=""
        ).values_list("employment_id", flat=True)
    )
    rows = [
        ExposureSuggestion(employment_id=pk, sir_risk=sir_risk, source=_clip(source))
        for pk in sorted(candidates)
        if pk not in already_open
    ]
    try:
        with transaction.atomic():
            return ExposureSuggestion.objects.bulk_create(rows)
    except IntegrityError:  # a concurrent suggestion won the partial unique index: row by row
        return [row for row in rows if _create_unless_open(row)]


def _create_unless_open(row: ExposureSuggestion) -> bool:
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def suggest_exposure(
    *, employment: Employment, sir_risk: str, source: str
) -> ExposureSuggestion | None:
    """Suggest one SIR risk for one post (never applied until a physician accepts it)."""
    created = suggest_exposures(employments=[employment], sir_risk=sir_risk, source=source)
    return created[0] if created else None


def can_decide(actor: AccessContext, suggestion: ExposureSuggestion) -> bool:
    """The centre's physicians (category override) decide on its members' workers."""
    return (
        actor.is_staff
        and actor.has_perm("suivi_sante.category:override")
        and actor.sees_team(suggestion.employment.worker.adherent.team_id)
    )


@transaction.atomic
def decide_suggestion(
    *, actor: AccessContext, suggestion: ExposureSuggestion, accept: bool
) -> ExposureSuggestion:
    """Accept (the risk joins the post, the worker's dues are recomputed) or reject it."""
    if not can_decide(actor, suggestion):
        raise PermissionDenied
    suggestion = ExposureSuggestion.objects.select_for_update(of=("self",)).get(pk=suggestion.pk)
    if suggestion.decision:
        raise FollowUpError(
            f"Cette suggestion a déjà été {suggestion.get_decision_display().lower()}."
        )
    with audit.actor_context(actor):
        if accept:
            employment = Employment.objects.select_for_update(of=("self",)).get(
                pk=suggestion.employment_id
            )
            if suggestion.sir_risk not in employment.sir_risks:
                employment.sir_risks = [*employment.sir_risks, suggestion.sir_risk]
                employment.save(update_fields=["sir_risks", "updated_at"])
        suggestion.decision = (
            ExposureSuggestion.Decision.ACCEPTED if accept else ExposureSuggestion.Decision.REJECTED
        )
        suggestion.decided_by = actor.user
        suggestion.decided_at = timezone.now()
        suggestion.save(update_fields=["decision", "decided_by", "decided_at"])
        if accept:
            schedule.refresh_due_visits([employment.worker_id])
    return suggestion
