"""Cell reviews: a meeting of the cell, its agenda of cases, attendees and decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models

from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class CellReviewQuerySet(models.QuerySet["CellReview"]):
    def visible_to(self, ctx: AccessContext) -> CellReviewQuerySet:
        """The reviews of the current centre's cell, for its members (checked by perms)."""
        if ctx.is_staff and ctx.center_id and ctx.has_perm("pdp.case:write"):
            return self.filter(center_id=ctx.center_id)
        return self.none()


@pghistory.track()
class CellReview(TimeStampedModel):
    """A meeting of the cell (L4622-8-1) that reviews a list of cases."""

    center = models.ForeignKey(
        "accounts.HealthCenter", on_delete=models.PROTECT, related_name="pdp_reviews"
    )
    held_on = models.DateField("date de la revue")
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="présents"
    )

    objects = CellReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "revue de cellule"
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["center", "held_on"], name="pdp_review_center_idx")]

    def __str__(self) -> str:
        return f"Revue de cellule du {self.held_on:%d/%m/%Y}"


@pghistory.track()
class ReviewItem(TimeStampedModel):
    """One case on a review's agenda, and the cell's decision on it."""

    review = models.ForeignKey(CellReview, on_delete=models.PROTECT, related_name="items")
    case = models.ForeignKey("pdp.PdpCase", on_delete=models.PROTECT, related_name="review_items")
    decision = models.TextField("décision", blank=True)

    class Meta:
        verbose_name = "dossier à l'ordre du jour"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "case"], name="pdp_review_case_unique")
        ]
