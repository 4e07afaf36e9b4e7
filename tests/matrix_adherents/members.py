"""Permission-matrix rows of the service's internal notes on a member (seed 002).

Staff only: every portal user gets 403 (the back-office gate), another centre's physician a 404
(the member is not in its scope). Reading: every staff role ("adherents.adherent:view"). Adding
and withdrawing: the roles holding a write code (adherents.members.services_notes.WRITE), not
billing (403); only the author withdraws a note, the others are told so.
"""

from adherents.models import MemberNote
from tests.matrix import BACKOFFICE_OPEN, Case

B = "backoffice:adherents"
WRITERS = ("physician", "nurse", "prevention_assistant", "secretary", "member_service")
WRITE = {**BACKOFFICE_OPEN, "physician_other": 404, "billing": 403, **dict.fromkeys(WRITERS, 302)}


def note_of_a(world) -> MemberNote:
    """A note of the member service on member A."""
    return MemberNote.objects.create(
        adherent=world.adherent,
        author=world.actors["member_service"],
        text="Le gérant préfère être appelé le matin.",
    )


CASES = [
    Case(
        f"{B}:adherent-notes",
        {**BACKOFFICE_OPEN, "physician_other": 404},
        args=lambda w: [w.adherent.pk],
    ),
    Case(
        f"{B}:adherent-note-add",
        WRITE,
        args=lambda w: [w.adherent.pk],
        method="post",
        data=lambda w: {"text": "Rappeler la comptable après le 15."},
    ),
    Case(
        f"{B}:adherent-note-withdraw",
        WRITE,
        args=lambda w: [note_of_a(w).pk],
        method="post",
        refused_with=dict.fromkeys(
            ("physician", "nurse", "prevention_assistant", "secretary"),
            "Seul l'auteur d'une note peut la retirer.",
        ),
    ),
]
