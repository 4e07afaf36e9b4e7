"""The member's named contacts: who the service calls, writes to and invoices."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.db import models
from django.db.models import Q

from adherents import scope
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class ContactRole(models.TextChoices):
    MANAGER = "manager", "Dirigeant"
    HR = "hr", "Ressources humaines"
    PREVENTION = "prevention", "Contact prévention"
    # The employee(s) the employer designates for protection and prevention (L4644-1).
    SST_REFERENT = "sst_referent", "Référent santé-sécurité (art. L4644-1)"
    BILLING = "billing", "Facturation"


class ContactQuerySet(models.QuerySet["Contact"]):
    def visible_to(self, ctx: AccessContext) -> ContactQuerySet:
        return scope.of_member(self, ctx, portal_code="adherents.adherent:view")


@pghistory.track()
class Contact(TimeStampedModel):
    """A person of the member the service talks to; ended, never deleted."""

    adherent = models.ForeignKey(
        "adherents.Adherent", on_delete=models.PROTECT, related_name="contacts"
    )
    establishment = models.ForeignKey(
        "adherents.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name="établissement",
    )
    role = models.CharField("rôle", max_length=20, choices=ContactRole)
    first_name = models.CharField("prénom", max_length=80)
    last_name = models.CharField("nom", max_length=80)
    email = models.EmailField("e-mail")
    phone = models.CharField("téléphone", max_length=20, blank=True)
    is_active = models.BooleanField("actif", default=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = "contact"
        ordering = ["role", "last_name"]
        indexes = [models.Index(fields=["adherent", "role"], name="contact_adherent_role_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(email=""), name="contact_has_email"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.get_role_display()})"
