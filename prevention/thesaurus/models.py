"""The hazard thesaurus, shipped and versioned: an FE or a DUERP names the version it used."""

from django.db import models


class HazardThesaurus(models.Model):
    """One published edition of the hazard list (prevention/data/hazards.py)."""

    version = models.CharField("version", max_length=20, unique=True)
    published_on = models.DateField("publiée le")
    is_current = models.BooleanField("en vigueur", default=False)

    class Meta:
        verbose_name = "thésaurus des dangers"
        verbose_name_plural = "thésaurus des dangers"
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_thesaurus",
            )
        ]

    def __str__(self) -> str:
        return f"Thésaurus {self.version}"


class Hazard(models.Model):
    """A hazard of the thesaurus, in its family (chutes, chimique, psychosociaux…)."""

    thesaurus = models.ForeignKey(HazardThesaurus, on_delete=models.PROTECT, related_name="hazards")
    code = models.CharField("code", max_length=20)
    family = models.CharField("famille", max_length=80)
    label = models.CharField("danger", max_length=200)

    class Meta:
        verbose_name = "danger"
        ordering = ["family", "label"]
        constraints = [
            models.UniqueConstraint(fields=["thesaurus", "code"], name="hazard_code_unique")
        ]

    def __str__(self) -> str:
        return self.label
