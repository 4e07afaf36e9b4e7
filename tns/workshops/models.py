"""Co-development workshops: at most 8 people, a confidentiality charter to accept."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext

MAX_PARTICIPANTS = 8
CHARTER_VERSION = "2026-1"
CHARTER = (
    "Ce qui est dit pendant l'atelier reste dans l'atelier : je ne rapporte à l'extérieur ni les "
    "situations exposées ni l'identité des participants. J'écoute sans juger, je parle en mon nom, "
    "je respecte le temps de parole de chacun. L'animateur ou l'animatrice est tenu(e) au secret "
    "professionnel ; l'atelier n'est ni une consultation ni un lieu de diagnostic."
)


class WorkshopSessionQuerySet(models.QuerySet["WorkshopSession"]):
    def visible_to(self, ctx: AccessContext) -> WorkshopSessionQuerySet:
        if ctx.is_portal and ctx.user.is_authenticated:
            return self.all()  # sessions are offered to every affiliated person
        if ctx.is_staff and ctx.center_id:
            return self.filter(center_id=ctx.center_id)
        return self.none()


@pghistory.track()
class WorkshopSession(TimeStampedModel):
    center = models.ForeignKey(
        "accounts.HealthCenter", on_delete=models.PROTECT, related_name="+", verbose_name="centre"
    )
    title = models.CharField("thème", max_length=200)
    starts_at = models.DateTimeField("date et heure")
    place = models.CharField("lieu", max_length=200)
    capacity = models.PositiveSmallIntegerField("places", default=MAX_PARTICIPANTS)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="animateur ou animatrice",
    )

    objects = WorkshopSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "atelier de codéveloppement"
        verbose_name_plural = "ateliers de codéveloppement"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=2, capacity__lte=MAX_PARTICIPANTS),
                name="tns_workshop_capacity_2_8",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.starts_at:%d/%m/%Y}"


class WorkshopRegistrationQuerySet(models.QuerySet["WorkshopRegistration"]):
    def visible_to(self, ctx: AccessContext) -> WorkshopRegistrationQuerySet:
        if ctx.is_portal and ctx.user.is_authenticated:
            return self.filter(person=ctx.user)
        if ctx.is_staff and ctx.center_id:
            return self.filter(session__center_id=ctx.center_id)
        return self.none()


@pghistory.track()
class WorkshopRegistration(TimeStampedModel):
    session = models.ForeignKey(
        WorkshopSession, on_delete=models.PROTECT, related_name="registrations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tns_registrations"
    )
    charter_accepted_at = models.DateTimeField("charte de confidentialité acceptée le")
    charter_version = models.CharField("version de la charte", max_length=20)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    attended = models.BooleanField("présent(e)", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField("satisfaction (1 à 5)", null=True, blank=True)
    comment = models.TextField("commentaire", blank=True)

    objects = WorkshopRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription à un atelier"
        verbose_name_plural = "inscriptions aux ateliers"
        ordering = ["session__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(cancelled_at__isnull=True),
                name="tns_registration_once",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="tns_registration_satisfaction_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.session}"
