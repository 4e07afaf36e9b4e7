"""What is due for each worker: the schedule engine's output, stored for lists and alerts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from suivi_sante.enums import Performer, VisitKind

if TYPE_CHECKING:
    from accounts.context import AccessContext


class DueVisitQuerySet(models.QuerySet["DueVisit"]):
    def visible_to(self, ctx: AccessContext) -> DueVisitQuerySet:
        """Portal: the member's workers (kind, category, date: disclosure.py), no pré-reprise.
        Staff: the centre's teams."""
        if not ctx.has_perm("suivi_sante.worker:view"):
            return self.none()
        if ctx.is_portal and ctx.adherent_id:
            # The row's own member (the worker's, kept by the database): the member's index
            # in its order, instead of the centre's rows each joined to its worker.
            # The pré-reprise is the worker's to ask, without the employer (R4624-29).
            return self.filter(adherent_id=ctx.adherent_id).exclude(kind=VisitKind.PRE_REPRISE)
        if ctx.is_staff and ctx.center_id:
            return self.filter(team_id__in=ctx.team_ids)
        return self.none()


class DueVisit(models.Model):
    """One visit due for a worker, as computed by rules.schedule; a recomputation writes only the
    rows that changed (an unchanged row keeps its id and computed_at: services_store).

    A derived cache, not a legal record: the inputs (employments, absences, visits) are versioned.
    """

    # No single-column indexes on the two keys: due_worker_idx and due_team_idx lead with them
    # and serve the same lookups (the cascade too); two fewer indexes for every inserted row.
    worker = models.ForeignKey(
        "suivi_sante.Worker",
        on_delete=models.CASCADE,
        related_name="due_visits",
        db_index=False,
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The worker's current member, as `team` is its member's team: the portal reads a member's
    # rows from due_adherent_idx. Exact by the database (suivi_sante 0024): a worker moved to
    # another member takes its rows along in the same transaction, and a row inserted without
    # it takes its worker's. The writers set it (services_store, demo/large_history.py).
    adherent = models.ForeignKey(
        "adherents.Adherent",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        editable=False,
    )
    kind = models.CharField("type de visite", max_length=24, choices=VisitKind)
    due_on = models.DateField("à réaliser avant le")
    performers = ArrayField(models.CharField(max_length=10, choices=Performer))
    legal_reference = models.CharField("article", max_length=40)
    reason = models.TextField("explication")
    computed_at = models.DateTimeField("calculée le")

    objects = DueVisitQuerySet.as_manager()

    class Meta:
        verbose_name = "visite due"
        verbose_name_plural = "visites dues"
        ordering = ["due_on"]
        indexes = [
            models.Index(fields=["team", "due_on"], name="due_team_idx"),
            # The centre's lists (en retard, à venir) in their order, paged by key: a page
            # walks this index and joins its 50 workers, instead of sorting the scope's rows.
            models.Index(fields=["due_on", "id"], name="due_order_idx"),
            models.Index(fields=["worker", "due_on"], name="due_worker_idx"),
            # A member's rows by date (portal list, booking, dashboard count, digest): the
            # order's worker name comes next, an incremental sort of each date's few rows.
            models.Index(fields=["adherent", "due_on"], name="due_adherent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} avant le {self.due_on:%d/%m/%Y}"

    @property
    def is_overdue(self) -> bool:
        """Past its date; a pré-reprise is possible on request, never late (R4624-29)."""
        return self.kind != VisitKind.PRE_REPRISE and self.due_on < timezone.localdate()
