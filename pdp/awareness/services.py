"""Collective awareness: give an employer meeting of the centre a PDP theme."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from accounts import audit
from accounts.context import AccessContext
from pdp import perms
from pdp.errors import PdpError
from pdp.models import AwarenessMeeting


@transaction.atomic
def mark_meeting(*, actor: AccessContext, meeting, theme: str) -> AwarenessMeeting:
    """An employer meeting of the current centre becomes a PDP awareness action (L4622-8-1)."""
    if not (perms.is_cell_member(actor) and meeting.center_id == actor.center_id):
        raise PermissionDenied("Seuls les membres de la cellule de ce centre le font.")
    theme = (theme or "").strip()
    if not theme or len(theme) > 200:
        raise PdpError("Indiquez le thème PDP (200 caractères au plus).")
    try:
        with transaction.atomic(), audit.actor_context(actor):
            return AwarenessMeeting.objects.create(
                meeting=meeting, theme=theme, marked_by=actor.user
            )
    except IntegrityError as error:
        raise PdpError("Cette rencontre a déjà un thème PDP.") from error
