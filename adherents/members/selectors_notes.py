"""Reads of the service's internal notes on a member (staff only: MemberNote.visible_to has no
portal branch)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from adherents.models import MemberNote

# The member page shows the latest notes in force; the rest is on the notes page.
LATEST_NOTES = 5


@dataclass(frozen=True)
class LatestNotes:
    notes: list[MemberNote]  # newest first, at most LATEST_NOTES
    has_more: bool  # more notes in force than shown


def _with_people(qs: QuerySet[MemberNote]) -> QuerySet[MemberNote]:
    return qs.select_related("author", "establishment").order_by("-created_at", "-pk")


def latest_notes(ctx, adherent_id: int) -> LatestNotes:
    """The member's latest notes in force, newest first (one query, whatever their number)."""
    rows = list(
        _with_people(MemberNote.objects.visible_to(ctx).active().filter(adherent_id=adherent_id))[
            : LATEST_NOTES + 1
        ]
    )
    return LatestNotes(rows[:LATEST_NOTES], has_more=len(rows) > LATEST_NOTES)


def note_list(ctx, adherent_id: int, *, withdrawn: bool = False) -> QuerySet[MemberNote]:
    """The member's notes in force, or those withdrawn (`withdrawn`), newest first."""
    notes = MemberNote.objects.visible_to(ctx).filter(adherent_id=adherent_id)
    return _with_people(notes.withdrawn() if withdrawn else notes.active())
