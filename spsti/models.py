"""Abstract bases shared by every app."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models


class TimeStampedModel(models.Model):
    """Creation and last-update datetimes."""

    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True


class OutgoingEmail(models.Model):
    """One e-mail of the outbox: written in the business transaction, sent after it commits by
    the idempotent task `spsti.tasks.send_outgoing_email` (issue 12, item 4).

    The row is the proof of what was sent when (the object's page lists them); its
    `idempotency_key`, unique, makes a business event queue one mail at most, whatever the
    retries and redeliveries.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        SENT = "sent", "Envoyé"
        FAILED = "failed", "Échec"

    class Audience(models.TextChoices):
        """Who the mail is for: decides who may see it listed (employers never see the
        service's internal mails, nor a mail sent to the worker alone)."""

        STAFF = "staff", "Équipe du service"
        MEMBER = "member", "Adhérent"
        WORKER = "worker", "Salarié"
        PUBLIC = "public", "Autre destinataire"

    kind = models.CharField("modèle", max_length=100)
    audience = models.CharField(
        "destinataires", max_length=10, choices=Audience.choices, default=Audience.MEMBER
    )
    to = ArrayField(models.EmailField(max_length=254), verbose_name="destinataires")
    subject = models.CharField("objet", max_length=998)
    body = models.TextField("texte")
    html_body = models.TextField("HTML", blank=True)
    # Rendered when sending, not stored: [{"renderer": "<dotted path>", "params": {...}}], the
    # renderer returning (filename, bytes, mimetype). The PDF of a convocation is not rendered
    # inside the request that books thirty visits.
    attachments = models.JSONField("pièces jointes", default=list, blank=True)
    # A link that opens an account must not outlive its mail in the database.
    erase_body_once_sent = models.BooleanField(default=False)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    related = GenericForeignKey("content_type", "object_id")
    idempotency_key = models.CharField(max_length=255, unique=True, null=True, blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField("tentatives", default=0)
    last_error = models.TextField("dernière erreur", blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)

    class Meta:
        verbose_name = "courriel sortant"
        verbose_name_plural = "courriels sortants"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="outbox_related"),
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_pending",
                condition=models.Q(status="pending"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="sent", sent_at__isnull=False) | ~models.Q(status="sent"),
                name="outbox_sent_has_a_date",
            ),
            models.CheckConstraint(
                condition=models.Q(content_type__isnull=True, object_id__isnull=True)
                | models.Q(content_type__isnull=False, object_id__isnull=False),
                name="outbox_related_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.get_status_display()})"
