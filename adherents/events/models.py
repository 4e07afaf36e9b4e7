"""Employer meetings (seed 002, action 4): sessions in person or by video, registrations."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from spsti.models import TimeStampedModel


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", "En présentiel"
    VIDEO = "video", "En visioconférence"


@pghistory.track()
class EmployerMeeting(TimeStampedModel):
    """A meeting the service organises for employers (presentation, theme, workshop)."""

    center = models.ForeignKey("accounts.HealthCenter", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("titre", max_length=200)
    description = models.TextField("programme", blank=True)
    format = models.CharField("format", max_length=10, choices=MeetingFormat)
    is_published = models.BooleanField("ouverte aux inscriptions", default=True)

    class Meta:
        verbose_name = "rencontre employeurs"
        verbose_name_plural = "rencontres employeurs"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


@pghistory.track()
class MeetingSession(TimeStampedModel):
    """A dated session of a meeting, with its capacity."""

    meeting = models.ForeignKey(EmployerMeeting, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    place = models.CharField("lieu", max_length=200, blank=True)
    video_url = models.URLField("lien de visioconférence", blank=True)
    capacity = models.PositiveSmallIntegerField("places")
    is_cancelled = models.BooleanField("annulée", default=False)

    class Meta:
        verbose_name = "session"
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ordered"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_has_capacity"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="session_starts_idx")]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.starts_at:%d/%m/%Y %H:%M}"


@pghistory.track()
class MeetingRegistration(TimeStampedModel):
    """A person of a member registered to a session; cancelled, never deleted."""

    session = models.ForeignKey(
        MeetingSession, on_delete=models.PROTECT, related_name="registrations"
    )
    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="+")
    attendee_name = models.CharField("participant", max_length=160)
    attendee_email = models.EmailField("e-mail du participant")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    attended = models.BooleanField("présent", null=True, blank=True)

    class Meta:
        verbose_name = "inscription"
        ordering = ["attendee_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "attendee_email"],
                condition=Q(cancelled_at__isnull=True),
                name="registration_once_per_person",
            ),
        ]
        indexes = [models.Index(fields=["adherent", "session"], name="registration_adherent_idx")]
