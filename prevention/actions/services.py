"""Actions in the workplace (AMT): recorded by the team with their time and documents.

One primary prevention action per member every N years and the CSE/CSSCT participation are
network targets (seed 004), read by ``prevention.actions.selectors``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from adherents.models import Adherent, Establishment
from prevention import services_uploads as uploads
from prevention.errors import PreventionError
from prevention.models import ActionDocument, PreventionAction
from prevention.selectors_remembered import actions_changed

DESCRIPTION_MAX = 5000
DURATION_MAX_MINUTES = 60 * 24 * 10  # ten full days: beyond, a typo rather than an action


def can_write_action(actor: AccessContext, adherent: Adherent) -> bool:
    """Prevention staff (and physicians) of the centre that follows this member."""
    return (
        actor.is_staff
        and actor.has_perm("prevention.action:write")
        and actor.sees_team(adherent.team_id)
    )


def _store_documents(
    actor: AccessContext, action: PreventionAction, checked: list[uploads.CheckedUpload]
) -> list[ActionDocument]:
    documents = []
    for item in checked:
        stored = item.store("action_document")
        documents.append(
            ActionDocument(
                action=action,
                filename=item.filename,
                content_type=item.content_type,
                content=stored.name,
                sha256=stored.sha256,
                uploaded_by=actor.user,
            )
        )
    return ActionDocument.objects.bulk_create(documents)


@transaction.atomic
def record_action(
    *,
    actor: AccessContext,
    adherent: Adherent,
    kind: str,
    performed_on: datetime.date,
    duration_minutes: int,
    description: str,
    establishment: Establishment | None = None,
    documents: Iterable[UploadedFile] = (),
) -> PreventionAction:
    """Record an action done by the actor, today or before, with its documents (all or none)."""
    if not can_write_action(actor, adherent):
        raise PermissionDenied
    if kind not in PreventionAction.Kind.values:
        raise PreventionError("Type d'action inconnu.")
    if establishment is not None and establishment.adherent_id != adherent.pk:
        raise PreventionError("Cet établissement n'appartient pas à l'adhérent choisi.")
    today = timezone.localdate()
    if performed_on > today:
        raise PreventionError(
            f"La date de l'action ({performed_on:%d/%m/%Y}) est dans le futur : enregistrez "
            "une action une fois réalisée."
        )
    if duration_minutes is None or duration_minutes <= 0:
        raise PreventionError("Le temps passé doit être d'au moins une minute.")
    if duration_minutes > DURATION_MAX_MINUTES:
        raise PreventionError(
            f"Le temps passé ne peut pas dépasser {DURATION_MAX_MINUTES} minutes (10 jours)."
        )
    description = (description or "").strip()
    if not description:
        raise PreventionError("Décrivez l'action réalisée.")
    if len(description) > DESCRIPTION_MAX:
        raise PreventionError(f"La description est limitée à {DESCRIPTION_MAX} caractères.")
    checked = uploads.check_uploads(documents)  # before any write: a bad file writes nothing
    with audit.actor_context(actor):
        action = PreventionAction.objects.create(
            adherent=adherent,
            establishment=establishment,
            kind=kind,
            performed_on=performed_on,
            performed_by=actor.user,
            duration_minutes=duration_minutes,
            description=description,
        )
        _store_documents(actor, action, checked)
    # The lists' time by kind and shares count it at once, once it is committed (a page read
    # before the commit would remember the old figures under the new generation).
    transaction.on_commit(actions_changed)
    return action


@transaction.atomic
def attach_documents(
    *, actor: AccessContext, action: PreventionAction, documents: Iterable[UploadedFile]
) -> list[ActionDocument]:
    """Link more documents to an action; one refused file refuses them all."""
    if not can_write_action(actor, action.adherent):
        raise PermissionDenied
    documents = list(documents)
    if not documents:
        raise PreventionError("Choisissez au moins un fichier.")
    checked = uploads.check_uploads(documents)
    with audit.actor_context(actor):
        return _store_documents(actor, action, checked)
