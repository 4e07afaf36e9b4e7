"""Writes on work units, by the employer or the prevention staff; never deleted, archived."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from adherents.models import Establishment
from prevention.chemicals import services as chemicals
from prevention.errors import PreventionError
from prevention.models import WorkUnit
from suivi_sante.models import Employment


def _require_edit(actor: AccessContext, establishment: Establishment) -> None:
    if not actor.has_perm("prevention.workunit:edit"):
        raise PermissionDenied
    if actor.is_portal and actor.adherent_id == establishment.adherent_id:
        return
    if actor.is_staff and actor.sees_team(establishment.adherent.team_id):
        return
    raise PermissionDenied


def current_employments(establishment: Establishment):
    """Posts of the establishment not ended today: the workers a unit can group."""
    today = timezone.localdate()
    return (
        Employment.objects.filter(establishment=establishment, worker__merged_into=None)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .select_related("worker")
        .order_by("worker__last_name", "worker__first_name", "pk")
    )


@transaction.atomic
def save_work_unit(
    *,
    actor: AccessContext,
    establishment: Establishment,
    name: str,
    description: str = "",
    headcount: int = 0,
    employments: list[Employment] | None = None,
    unit: WorkUnit | None = None,
) -> WorkUnit:
    """Create or update a work unit of this establishment (R4121-1: the DUERP's unit)."""
    _require_edit(actor, establishment)
    name = name.strip()
    if not name:
        raise PreventionError("Nommez l'unité de travail.")
    chosen = list(employments or [])
    allowed = set(current_employments(establishment).values_list("pk", flat=True))
    if any(e.pk not in allowed for e in chosen):
        raise PreventionError("Un salarié choisi ne travaille pas dans cet établissement.")
    if headcount < len(chosen):
        raise PreventionError(
            f"L'effectif ({headcount}) est inférieur au nombre de salariés rattachés "
            f"({len(chosen)})."
        )
    with audit.actor_context(actor):
        if unit is None:
            unit = WorkUnit(establishment=establishment)
        elif unit.establishment_id != establishment.pk or unit.archived_at:
            raise PreventionError("Cette unité de travail n'est plus modifiable.")
        unit.name, unit.description, unit.headcount = name, description.strip(), headcount
        try:
            with transaction.atomic():
                unit.save()
        except IntegrityError as error:
            raise PreventionError(
                f"Une unité « {name} » existe déjà dans cet établissement."
            ) from error
        unit.employments.set(chosen)
        # Workers joining a unit that holds a CMR product: suggested to their physician too.
        for product in unit.chemicals.filter(is_cmr=True, archived_at__isnull=True):
            chemicals.suggest_sir_for_unit(product)
    return unit


@transaction.atomic
def archive_work_unit(*, actor: AccessContext, unit: WorkUnit) -> WorkUnit:
    """Archive a unit (kept for the FEs and DUERP versions that name it)."""
    _require_edit(actor, unit.establishment)
    unit = WorkUnit.objects.select_for_update(of=("self",)).get(pk=unit.pk)
    if unit.archived_at is None:
        with audit.actor_context(actor):
            unit.archived_at = timezone.now()
            unit.save(update_fields=["archived_at", "updated_at"])
    return unit
