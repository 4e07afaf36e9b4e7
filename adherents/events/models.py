"""Employer meetings (seed 002, action 4): sessions in person or by video, registrations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from adherents import scope
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", "En présentiel"
    VIDEO = "video", "En visioconférence"


REGISTER = "adherents.meeting:register"  # a member's people join the centre's meetings


class EmployerMeetingQuerySet(models.QuerySet["EmployerMeeting"]):
    def visible_to(self, ctx: AccessContext) -> EmployerMeetingQuerySet:
        """Staff: the centre's meetings (a member reaches their sessions, not the meeting)."""
        return scope.of_centre(self, ctx)


@pghistory.track()
class EmployerMeeting(TimeStampedModel):
    """A meeting the service organises for employers (presentation, theme, workshop)."""

    center = models.ForeignKey("accounts.HealthCenter", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("titre", max_length=200)
    description = models.TextField("programme", blank=True)
    format = models.CharField("format", max_length=10, choices=MeetingFormat)
    is_published = models.BooleanField("ouverte aux inscriptions", default=True)

    objects = EmployerMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "rencontre employeurs"
        verbose_name_plural = "rencontres employeurs"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class MeetingSessionQuerySet(models.QuerySet["MeetingSession"]):
    def visible_to(self, ctx: AccessContext) -> MeetingSessionQuerySet:
        """Staff: the centre's sessions. Member: sessions of published meetings of its centre."""
        if ctx.is_staff and ctx.center_id:
            return self.filter(meeting__center_id=ctx.center_id)
        if ctx.is_portal and ctx.adherent_id and ctx.has_perm(REGISTER):
            from adherents.members.models import Adherent

            centre = Adherent.objects.filter(pk=ctx.adherent_id).values("team__center_id")[:1]
            return self.filter(
                meeting__center_id=models.Subquery(centre), meeting__is_published=True
            )
        return self.none()


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

    objects = MeetingSessionQuerySet.as_manager()

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


class MeetingRegistrationQuerySet(models.QuerySet["MeetingRegistration"]):
    def visible_to(self, ctx: AccessContext) -> MeetingRegistrationQuerySet:
        """Staff: registrations to the centre's sessions. Member: its own people's."""
        if ctx.is_staff and ctx.center_id:
            return self.filter(session__meeting__center_id=ctx.center_id)
        return scope.of_member(self, ctx, portal_code=REGISTER, staff=False)


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

    objects = MeetingRegistrationQuerySet.as_manager()

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
