"""The fields of the DGT annual survey (issue 16, item 6): which figure goes on which line.

The official field list of the survey is not published as data yet: the lines are seeded from the
indicator catalogue (`services.ensure_default_fields`), and their order, wording and activity are
data, edited on the page or loaded from a CSV, so that the official list can replace them.
"""

from django.db import models


class DgtField(models.Model):
    order = models.PositiveIntegerField("ordre", default=0)
    indicator = models.CharField("indicateur", max_length=40)
    # "" (the whole figure), "kind:<value>" or "performer:<value>" (one of its breakdowns).
    breakdown = models.CharField("ventilation", max_length=80, blank=True, default="")
    label = models.CharField("libellé de la rubrique", max_length=255)
    active = models.BooleanField("exportée", default=True)

    class Meta:
        verbose_name = "rubrique de l'enquête DGT"
        verbose_name_plural = "rubriques de l'enquête DGT"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "breakdown"], name="dashboards_dgtfield_one_line"
            ),
            models.CheckConstraint(
                condition=models.Q(breakdown="")
                | models.Q(breakdown__startswith="kind:")
                | models.Q(breakdown__startswith="performer:"),
                name="dashboards_dgtfield_breakdown_form",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.label}"

    @property
    def breakdown_by(self) -> str:
        """ "kind", "performer" or ""."""
        return self.breakdown.partition(":")[0]

    @property
    def breakdown_value(self) -> str:
        return self.breakdown.partition(":")[2]
