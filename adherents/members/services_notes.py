"""Writes of the service's internal notes on a member (models_notes.MemberNote): add, withdraw.

Who reads: every staff member of the centre that follows the member ("adherents.adherent:view",
the member page's own code, held by every staff role; the queryset has no portal branch, so a
member or its firm holding the same code never reads a note).

Who writes: the people who deal with the member day to day, through a write code each of them
already holds (no new code, so the roles keep their reviewed lists): the member service
("adherents.adherent:manage", it keeps the member's file), the medical secretary and the
physician ("suivi_sante.agenda:manage", the convocations), the prevention staff, ASST and IPRP
("prevention.visit:write"), and the health professionals ("suivi_sante.visit:write"). Billing,
quality, the direction and the CMT read the notes without writing any (a billing remark has
its place on the member's account).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.context import AccessContext
from adherents import perms
from adherents.members.models_notes import NOTE_MAX_LENGTH
from adherents.models import Adherent, Establishment, MemberNote
from spsti.errors import DomainError

READ = "adherents.adherent:view"
WRITE = (
    "adherents.adherent:manage",
    "suivi_sante.agenda:manage",
    "prevention.visit:write",
    "suivi_sante.visit:write",
)

EMPTY_TEXT = "Écrivez le texte de la note : rien n'a été enregistré."
TOO_LONG = (
    "La note ne peut pas dépasser {limit} caractères (elle en compte {count}) : "
    "rien n'a été enregistré. Raccourcissez-la ou écrivez-en deux."
)


class MemberNoteError(DomainError):
    """A refusal of a note, in French, shown as is."""


def can_write(actor: AccessContext) -> bool:
    """Staff of a centre holding one of the write codes (the view's gate is the same)."""
    return bool(actor.is_staff and actor.center_id and any(map(actor.has_perm, WRITE)))


def _require_writer(actor: AccessContext) -> None:
    if not can_write(actor):
        raise PermissionDenied


def too_long_message(count: int | str) -> str:
    return TOO_LONG.format(limit=f"{NOTE_MAX_LENGTH:_}".replace("_", " "), count=count)


@transaction.atomic
def add_note(
    *,
    actor: AccessContext,
    adherent: Adherent,
    text: str,
    establishment_id: int | None = None,
) -> MemberNote:
    """A new note of the actor on a member its centre follows (another centre's: 404)."""
    _require_writer(actor)
    adherent = perms.visible(Adherent.objects.all(), actor, adherent.pk)
    text = text.strip()
    if not text:
        raise MemberNoteError(EMPTY_TEXT)
    if len(text) > NOTE_MAX_LENGTH:
        raise MemberNoteError(too_long_message(len(text)))
    establishment = None
    if establishment_id is not None:
        establishment = Establishment.objects.filter(
            pk=establishment_id, adherent_id=adherent.pk
        ).first()
        if establishment is None:
            raise MemberNoteError(
                f"Cet établissement n'est pas un établissement de {adherent.name}."
            )
    return MemberNote.objects.create(
        adherent=adherent, establishment=establishment, author=actor.user, text=text
    )


@transaction.atomic
def withdraw_note(*, actor: AccessContext, note: MemberNote) -> MemberNote:
    """The author withdraws their own note: it stays in the database, dated, under « notes
    retirées »; nobody edits nor deletes it (a correction is a new note)."""
    _require_writer(actor)
    note = perms.visible(MemberNote.objects.select_for_update(of=("self",)), actor, note.pk)
    if note.author_id != actor.user.pk:
        raise MemberNoteError("Seul l'auteur d'une note peut la retirer.")
    if note.withdrawn_at is not None:
        raise MemberNoteError(
            f"Cette note a déjà été retirée le "
            f"{timezone.localtime(note.withdrawn_at):%d/%m/%Y à %H:%M}."
        )
    note.withdrawn_at = timezone.now()
    note.save(update_fields=["withdrawn_at"])
    return note
