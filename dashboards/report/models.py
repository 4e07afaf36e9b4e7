"""The monthly management report (issue 16, item 3): a PDF per month and scope, kept in the
documents storage; generating it again makes a new version, the earlier ones stay."""

from django.conf import settings
from django.db import models

from accounts.models import HealthCenter
from spsti.documents_storage import document_field, written_once


class MonthlyReport(models.Model):
    month = models.DateField("mois")  # its first day
    # None: the whole service (every centre), the direction's report.
    center = models.ForeignKey(
        HealthCenter, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField("version", default=1)
    file = document_field("PDF")
    sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True)
    created_at = models.DateTimeField("généré le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="généré par",
    )

    class Meta:
        verbose_name = "rapport mensuel de gestion"
        verbose_name_plural = "rapports mensuels de gestion"
        ordering = ["-month", "center__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "center", "version"],
                nulls_distinct=False,
                name="dashboards_monthlyreport_one_version",
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="dashboards_monthlyreport_first_day"
            ),
        ]
        triggers = [written_once("dashboards_monthlyreport_written_once", "file", "sha256")]

    def __str__(self) -> str:
        scope = self.center.name if self.center_id else "tous les centres"
        return f"Rapport {self.month:%m/%Y} ({scope}) v{self.version}"

    @property
    def filename(self) -> str:
        scope = f"centre-{self.center_id}" if self.center_id else "service"
        return f"rapport-gestion-{self.month:%Y-%m}-{scope}-v{self.version}.pdf"
