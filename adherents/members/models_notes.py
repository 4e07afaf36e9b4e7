"""The service's internal notes on a member (seed 002: « des notes privées » for the service's
staff, the informal information lost between the secretary and the ASST, « tracer ce que chacun
a fait »).

Staff only: never shown in the member portal, the API or the exports. Not medical: the notes are
read by the whole centre (the DMST, suivi_sante.dmst, holds what is medical). Append-only: a note
is never edited nor deleted (database triggers); a correction is a new note, and its author may
withdraw it (`withdrawn_at`, set once), which keeps it in the database under « notes retirées ».
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from adherents import scope

if TYPE_CHECKING:
    from accounts.context import AccessContext

# A note is a few lines for the colleagues, not a report: bounded in the form and in the database.
NOTE_MAX_LENGTH = 2000


class MemberNoteQuerySet(models.QuerySet["MemberNote"]):
    def visible_to(self, ctx: AccessContext) -> MemberNoteQuerySet:
        """The staff of the centre that follows the member; never a portal user (no portal
        branch: a member or its firm never reads the service's notes)."""
        return scope.of_member(self, ctx, portal=False)

    def active(self) -> MemberNoteQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self) -> MemberNoteQuerySet:
        return self.filter(withdrawn_at__isnull=False)


class MemberNote(models.Model):
    """A dated note of a staff member on a member (optionally on one of its establishments)."""

    adherent = models.ForeignKey(
        "adherents.Adherent",
        on_delete=models.PROTECT,
        related_name="service_notes",
        verbose_name="adhérent",
    )
    establishment = models.ForeignKey(
        "adherents.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_notes",
        verbose_name="établissement",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="auteur",
    )
    text = models.TextField("note")
    created_at = models.DateTimeField("écrite le", auto_now_add=True)
    # Set once by the author (services_notes.withdraw_note); the note stays, hidden by default.
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)

    objects = MemberNoteQuerySet.as_manager()

    class Meta:
        verbose_name = "note interne du service"
        verbose_name_plural = "notes internes du service"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # A member's notes, newest first (the member page, the notes page).
            models.Index(fields=["adherent", "-created_at", "-id"], name="membernote_adh_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThan(Length(Trim("text")), 0), name="membernote_text_not_blank"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), NOTE_MAX_LENGTH),
                name="membernote_text_max_length",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | Q(withdrawn_at__gte=models.F("created_at")),
                name="membernote_withdrawn_after_written",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="membernote_no_delete", operation=pgtrigger.Delete),
            # The only update: withdrawing a note still in force (withdrawn_at, from empty).
            pgtrigger.Protect(
                name="membernote_append_only",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__withdrawn_at__isnull=False)
                | pgtrigger.Q(new__withdrawn_at__isnull=True)
                | pgtrigger.Q(new__adherent_id__df=pgtrigger.F("old__adherent_id"))
                | pgtrigger.Q(new__establishment_id__df=pgtrigger.F("old__establishment_id"))
                | pgtrigger.Q(new__author_id__df=pgtrigger.F("old__author_id"))
                | pgtrigger.Q(new__text__df=pgtrigger.F("old__text"))
                | pgtrigger.Q(new__created_at__df=pgtrigger.F("old__created_at")),
            ),
            # The establishment, when there is one, is one of the member's own.
            pgtrigger.Trigger(
                name="membernote_establishment_of_member",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert,
                condition=pgtrigger.Q(new__establishment_id__isnull=False),
                func=(
                    "IF NOT EXISTS (SELECT 1 FROM adherents_establishment e"
                    " WHERE e.id = NEW.establishment_id AND e.adherent_id = NEW.adherent_id)"
                    " THEN RAISE EXCEPTION 'membernote: establishment % is not of member %',"
                    " NEW.establishment_id, NEW.adherent_id USING ERRCODE = 'check_violation';"
                    " END IF; RETURN NEW;"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Note du {self.created_at:%d/%m/%Y} sur {self.adherent_id}"
