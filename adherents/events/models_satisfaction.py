"""Satisfaction surveys (after events and visits, yearly) and complaints.

A member answers a survey through a secret link sent by e-mail (no login: the person who came to
the meeting may not have a portal account). Complaints feed the certification app later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from adherents import scope
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class SurveyKind(models.TextChoices):
    EVENT = "event", "Après une rencontre employeurs"
    VISIT = "visit", "Après une visite ou une action"
    YEARLY = "yearly", "Enquête annuelle"


class SurveyQuerySet(models.QuerySet["Survey"]):
    def visible_to(self, ctx: AccessContext) -> SurveyQuerySet:
        """Surveys belong to the whole service: read by the staff of a centre."""
        return scope.staff_only(self, ctx)


@pghistory.track()
class Survey(TimeStampedModel):
    title = models.CharField("titre", max_length=200)
    kind = models.CharField("type", max_length=10, choices=SurveyKind)
    is_active = models.BooleanField("active", default=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = "enquête de satisfaction"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    RATING = "rating", "Note de 1 à 5"
    YES_NO = "yes_no", "Oui / non"
    TEXT = "text", "Texte libre"


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    text = models.CharField("question", max_length=300)
    kind = models.CharField("type", max_length=10, choices=QuestionKind)
    required = models.BooleanField("obligatoire", default=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class SurveyInvitationQuerySet(models.QuerySet["SurveyInvitation"]):
    def visible_to(self, ctx: AccessContext) -> SurveyInvitationQuerySet:
        return scope.of_member(self, ctx, portal=False)


class SurveyInvitation(models.Model):
    """One invitation sent to a member's contact; answered once."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations")
    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="+")
    email = models.EmailField("e-mail")
    token_hash = models.CharField(max_length=64, unique=True)
    session = models.ForeignKey(  # the meeting session it follows, for event surveys
        "adherents.MeetingSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    context_label = models.CharField("objet", max_length=200, blank=True)  # "Visite du 12/03/2026"
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = SurveyInvitationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["survey", "answered_at"], name="invitation_survey_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email", "session"],
                condition=Q(session__isnull=False),
                name="invitation_once_per_session",
            ),
            # Yearly and on-request invitations: once per survey, address and subject (the
            # yearly label carries the year).
            models.UniqueConstraint(
                fields=["survey", "email", "context_label"],
                condition=Q(session__isnull=True),
                name="invitation_once_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} — {self.email}"


class SurveyAnswer(models.Model):
    invitation = models.ForeignKey(
        SurveyInvitation, on_delete=models.PROTECT, related_name="answers"
    )
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    yes = models.BooleanField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "question"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="answer_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id}/{self.question_id}"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "Ouverte"
    IN_PROGRESS = "in_progress", "En traitement"
    CLOSED = "closed", "Clôturée"


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def visible_to(self, ctx: AccessContext) -> ComplaintQuerySet:
        return scope.of_centre(self, ctx)


@pghistory.track()
class Complaint(TimeStampedModel):
    """A complaint (réclamation) and its handling."""

    adherent = models.ForeignKey(
        "adherents.Adherent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    center = models.ForeignKey("accounts.HealthCenter", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("reçue le")
    channel = models.CharField(
        "canal",
        max_length=10,
        choices=[
            ("portal", "Espace adhérent"),
            ("email", "E-mail"),
            ("phone", "Téléphone"),
            ("mail", "Courrier"),
        ],
    )
    subject = models.CharField("objet", max_length=200)
    description = models.TextField("description")
    status = models.CharField(
        "statut", max_length=12, choices=ComplaintStatus, default=ComplaintStatus.OPEN
    )
    handling = models.TextField("traitement", blank=True)
    corrective_action = models.TextField("action corrective", blank=True)
    closed_on = models.DateField("close le", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = "réclamation"
        ordering = ["-received_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_on__isnull=False) & ~Q(handling="")),
                name="complaint_closed_has_handling",
            )
        ]
        indexes = [
            models.Index(fields=["center", "status"], name="complaint_status_idx"),
            models.Index(fields=["center", "received_on"], name="complaint_received_idx"),
        ]

    def __str__(self) -> str:
        return self.subject
