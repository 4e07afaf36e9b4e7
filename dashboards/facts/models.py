"""Monthly facts: each indicator's numerator and denominator per centre, team, month and
breakdown, computed at night (facts.tasks) so that no page counts over the large tables."""

from django.db import models

from accounts.models import HealthCenter, Team


class Fact(models.Model):
    """One cell of an indicator: rows add up (flows over months; any filter over teams, kinds
    and performers), see `dashboards.catalogue.selectors.AGGREGATIONS`."""

    indicator = models.CharField("indicateur", max_length=40)
    center = models.ForeignKey(HealthCenter, on_delete=models.CASCADE, related_name="+")
    # None: a centre-level figure (the PDP cell, the quality system), not broken down by team.
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, related_name="+")
    month = models.DateField("mois")  # its first day
    kind = models.CharField("ventilation", max_length=40, blank=True, default="")
    performer = models.CharField("réalisé par", max_length=40, blank=True, default="")
    numerator = models.DecimalField("numérateur", max_digits=16, decimal_places=2)
    denominator = models.DecimalField(
        "dénominateur", max_digits=16, decimal_places=2, null=True, blank=True
    )
    computed_at = models.DateTimeField("calculé le")

    class Meta:
        verbose_name = "fait mensuel"
        verbose_name_plural = "faits mensuels"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "center", "team", "month", "kind", "performer"],
                nulls_distinct=False,
                name="dashboards_fact_one_cell",
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="dashboards_fact_month_first_day"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "month", "center"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.month:%Y-%m} {self.center_id}/{self.team_id}"


class FactRun(models.Model):
    """When the facts were last computed, and over which months: the pages say how fresh
    their figures are."""

    started_at = models.DateTimeField("commencé le")
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    first_month = models.DateField("premier mois")
    last_month = models.DateField("dernier mois")
    indicators = models.PositiveIntegerField("indicateurs", default=0)
    rows = models.PositiveIntegerField("lignes", default=0)

    class Meta:
        verbose_name = "calcul des faits"
        verbose_name_plural = "calculs des faits"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.first_month:%Y-%m}…{self.last_month:%Y-%m} ({self.started_at:%d/%m %H:%M})"
