"""CPOM targets (contrat pluriannuel d'objectifs et de moyens, art. L4622-10; instruction of
12 July 2024): a contract owns a list of indicators with a target per year."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.models import HealthCenter


class Cpom(models.Model):
    name = models.CharField("intitulé", max_length=160)
    # None: the whole service (the CPOM is signed by the service with the DREETS and the CARSAT).
    center = models.ForeignKey(
        HealthCenter, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_year = models.PositiveSmallIntegerField(
        "première année", validators=[MinValueValidator(2000), MaxValueValidator(2199)]
    )
    last_year = models.PositiveSmallIntegerField(
        "dernière année", validators=[MinValueValidator(2000), MaxValueValidator(2199)]
    )
    signed_on = models.DateField("signé le", null=True, blank=True)

    class Meta:
        verbose_name = "CPOM"
        verbose_name_plural = "CPOM"
        ordering = ["-first_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="dashboards_cpom_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.first_year}–{self.last_year})"


class CpomTarget(models.Model):
    cpom = models.ForeignKey(Cpom, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField("indicateur", max_length=40)
    # A breakdown value of the indicator ("MI_CARRIERE" for the mid-career visits), or "".
    kind = models.CharField("ventilation", max_length=40, blank=True, default="")
    year = models.PositiveSmallIntegerField("année")
    value = models.DecimalField("cible", max_digits=12, decimal_places=1)
    note = models.CharField("remarque", max_length=300, blank=True)

    class Meta:
        verbose_name = "cible CPOM"
        verbose_name_plural = "cibles CPOM"
        ordering = ["indicator", "kind", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cpom", "indicator", "kind", "year"], name="dashboards_cpom_one_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.kind} {self.year}: {self.value}"
