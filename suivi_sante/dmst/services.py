"""Writes on the DMST: open the record, append notes, exposures and measurements (L4624-8).

Rows are append-only (database triggers): a correction is a new note pointing to the one it
corrects, never an update.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from suivi_sante import perms
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Dmst, ExposureRecord, Measurement, MedicalNote, Visit, Worker


def _require_writer(actor: AccessContext, worker: Worker) -> None:
    if not perms.can_write_dmst(actor, worker):
        raise PermissionDenied


@transaction.atomic
def open_dmst(*, actor: AccessContext, worker: Worker) -> Dmst:
    """Open the worker's DMST if it does not exist yet (a member of the health team, R4624-45-3)."""
    _require_writer(actor, worker)
    with audit.actor_context(actor):
        dmst, _created = Dmst.objects.get_or_create(
            worker=worker, defaults={"opened_by": actor.user}
        )
    return dmst


def _check_visit(dmst: Dmst, visit: Visit | None) -> None:
    if visit is not None and visit.worker_id != dmst.worker_id:
        raise FollowUpError("Cette visite n'est pas celle de ce salarié.")


@transaction.atomic
def add_note(
    *,
    actor: AccessContext,
    dmst: Dmst,
    kind: str,
    body: str,
    visit: Visit | None = None,
    corrects: MedicalNote | None = None,
) -> MedicalNote:
    """Append a note; a correction points to the corrected note, which stays as written."""
    _require_writer(actor, dmst.worker)
    if not body.strip():
        raise FollowUpError("Le texte de la note est vide.")
    if kind not in MedicalNote.Kind.values:
        raise FollowUpError("Nature de note inconnue.")
    _check_visit(dmst, visit)
    if corrects is not None and corrects.dmst_id != dmst.pk:
        raise FollowUpError("La note corrigée n'appartient pas à ce dossier.")
    with audit.actor_context(actor):
        return MedicalNote.objects.create(
            dmst=dmst,
            kind=kind,
            body=body.strip(),
            visit=visit,
            corrects=corrects,
            author=actor.user,
        )


@transaction.atomic
def add_exposure(
    *,
    actor: AccessContext,
    dmst: Dmst,
    agent: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    sir_risk: str = "",
    description: str = "",
) -> ExposureRecord:
    """Record a current or past exposure (traceability of exposures, R4624-45-3)."""
    _require_writer(actor, dmst.worker)
    if ended_on is not None and ended_on < started_on:
        raise FollowUpError("La fin de l'exposition précède son début.")
    with audit.actor_context(actor):
        return ExposureRecord.objects.create(
            dmst=dmst,
            agent=agent.strip(),
            started_on=started_on,
            ended_on=ended_on,
            sir_risk=sir_risk,
            description=description.strip(),
            author=actor.user,
        )


@transaction.atomic
def add_measurement(
    *,
    actor: AccessContext,
    dmst: Dmst,
    label: str,
    value: Decimal,
    unit: str,
    measured_on: datetime.date,
    visit: Visit | None = None,
) -> Measurement:
    """Record a measurement taken at a visit (weight, blood pressure, audiometry…)."""
    _require_writer(actor, dmst.worker)
    _check_visit(dmst, visit)
    if measured_on > timezone.localdate():
        raise FollowUpError("La date de la mesure est dans le futur.")
    with audit.actor_context(actor):
        return Measurement.objects.create(
            dmst=dmst,
            label=label.strip(),
            value=value,
            unit=unit.strip(),
            measured_on=measured_on,
            visit=visit,
            author=actor.user,
        )
