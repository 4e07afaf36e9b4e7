"""The employer corrects what it declared of a worker's current post (portal and API alike)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from suivi_sante.enums import AptitudeJob, SirRisk
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Employment, Worker
from suivi_sante.schedule import services as schedule
from suivi_sante.workers.services import _require_declarer

# What the employer declares and owns of the current post; the names, birth date, sex and NIR
# are identity (staff, identity vigilance), the worker's own e-mail and phone are the address of
# confidential convocations (staff only, R4624-29, R4624-34), the category is derived or the
# physician's (set_category): none of them is here.
TEXT_FIELDS = ("job_title", "pcs_ese_code")
EXPOSURE_FIELDS = (
    "is_night_work",
    "is_exposed_biological_agents_2",
    "is_exposed_electromagnetic_fields",
    "sir_risks",
    "aptitude_jobs",
)
DECLARED_FIELDS = (*TEXT_FIELDS, *EXPOSURE_FIELDS)
NO_CURRENT_POST = (
    "Ce salarié n'a aucun emploi en cours : il n'y a pas de poste à corriger. "
    "Déclarez une nouvelle embauche s'il reprend un poste."
)


@dataclass(frozen=True)
class DeclarationUpdate:
    """What a correction wrote: the post, the fields that changed (empty: nothing written)."""

    employment: Employment
    changed: tuple[str, ...]


def current_employment(worker: Worker) -> Employment | None:
    """The post the employer corrects: the latest started one still running today."""
    today = timezone.localdate()
    return (
        Employment.objects.filter(worker=worker)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
        .order_by("-start_on", "-pk")
        .first()
    )


def declaration_of(employment: Employment) -> dict:
    """The current post's declared values, as the portal form and the API show them."""
    return {name: getattr(employment, name) for name in DECLARED_FIELDS}


def _normalised(name: str, value: object) -> object:
    if name in TEXT_FIELDS:
        return str(value).strip()
    if name == "sir_risks":
        return sorted(set(value), key=list(SirRisk.values).index)  # type: ignore[arg-type]
    if name == "aptitude_jobs":
        return sorted(set(value), key=list(AptitudeJob.values).index)  # type: ignore[arg-type]
    return bool(value)


@transaction.atomic
def update_declaration(
    *, actor: AccessContext, worker: Worker, changes: Mapping[str, object]
) -> DeclarationUpdate:
    """The member (or its firm under a workers mandate) corrects its declaration of the
    worker's current post: job title, PCS-ESE code, night work, exposures to biological agents
    of group 2 or to electromagnetic fields above the limit values (R4624-18), particular risks
    (R4624-23) and posts with a specific medical check. Absent keys stay as they are.

    A category set by the physician is kept: the engine never overwrites it
    (schedule.refresh_due_visits), and the corrected declaration is recorded in the post's
    history with its author; the engine's own reading of it goes into the category's
    justification, which the health professionals read. It is not refused: a refusal would tell
    the employer that the physician decided, which only the health team may know
    (suivi_sante/perms_disclosure.py). Nothing changed: nothing written, no history row.
    """
    _require_declarer(actor, worker.adherent_id)
    unknown = set(changes) - set(DECLARED_FIELDS)
    if unknown:
        raise ValueError(f"not a declared field: {sorted(unknown)}")
    current = current_employment(worker)
    if current is None:
        raise FollowUpError(NO_CURRENT_POST)
    employment = Employment.objects.select_for_update(of=("self",)).get(pk=current.pk)
    wanted = {name: _normalised(name, value) for name, value in changes.items()}
    if "job_title" in wanted and not wanted["job_title"]:
        raise FollowUpError("Indiquez le poste occupé.")
    changed = tuple(
        name
        for name in DECLARED_FIELDS
        if name in wanted and wanted[name] != _normalised(name, getattr(employment, name))
    )
    if not changed:
        return DeclarationUpdate(employment, ())
    with audit.actor_context(actor, declaration_corrected=list(changed)):
        for name in changed:
            setattr(employment, name, wanted[name])
        employment.save(update_fields=[*changed, "updated_at"])
        if set(changed) & set(EXPOSURE_FIELDS):  # what the category and the visits follow
            schedule.refresh_due_visits([worker.pk])
    return DeclarationUpdate(employment, changed)
