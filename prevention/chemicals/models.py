"""Chemical products used in a work unit, with their safety data sheet and H statements."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from prevention.scope import scoped
from spsti.documents_storage import document_field
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class ChemicalProductQuerySet(models.QuerySet["ChemicalProduct"]):
    def visible_to(self, ctx: AccessContext) -> ChemicalProductQuerySet:
        return scoped(self, ctx, "prevention.chemical:view", "work_unit__establishment__adherent")


@pghistory.track(exclude=["sds_content", "sds_sha256"])
class ChemicalProduct(TimeStampedModel):
    """A product of the inventory: supplier, FDS (file and date), H statements, CMR flag."""

    work_unit = models.ForeignKey(
        "prevention.WorkUnit", on_delete=models.PROTECT, related_name="chemicals"
    )
    name = models.CharField("produit", max_length=200)
    supplier = models.CharField("fournisseur", max_length=200, blank=True)
    sds_date = models.DateField("date de la FDS", null=True, blank=True)
    sds_filename = models.CharField("FDS (fichier)", max_length=200, blank=True)
    sds_content = document_field("FDS (contenu)")
    sds_sha256 = models.CharField(max_length=64, blank=True)
    hazard_statements = ArrayField(
        models.CharField(max_length=10),
        verbose_name="mentions de danger (H)",
        default=list,
        blank=True,
    )
    # Set from the H statements (rules.chemicals.is_cmr) or by the team.
    is_cmr = models.BooleanField("CMR", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    archived_at = models.DateTimeField("retiré le", null=True, blank=True)

    objects = ChemicalProductQuerySet.as_manager()

    class Meta:
        verbose_name = "produit chimique"
        ordering = ["name"]
        indexes = [models.Index(fields=["work_unit", "name"], name="chemical_unit_idx")]

    def __str__(self) -> str:
        return self.name
