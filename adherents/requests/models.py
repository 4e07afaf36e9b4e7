"""The requests inbox (seed 000): first-level answer by the service, second level by partners."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from adherents import scope
from adherents.rules import requests as rules
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class PartnerKind(models.TextChoices):
    CARSAT = "carsat", "CARSAT"
    ARACT = "aract", "ARACT"
    OPPBTP = "oppbtp", "OPPBTP"
    DREETS = "dreets", "DREETS"
    CAP_EMPLOI = "cap_emploi", "Cap Emploi"
    AGEFIPH = "agefiph", "Agefiph"
    MSA = "msa", "MSA"
    OTHER = "other", "Autre"


@pghistory.track()
class Partner(TimeStampedModel):
    """A second-level partner of the directory."""

    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=12, choices=PartnerKind)
    region = models.CharField("région", max_length=80, blank=True)
    email = models.EmailField("e-mail")
    phone = models.CharField("téléphone", max_length=20, blank=True)
    response_days = models.PositiveSmallIntegerField("délai de réponse attendu (jours)", default=15)
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "partenaire"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class RequestChannel(models.TextChoices):
    PORTAL = "portal", "Espace adhérent"
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Téléphone"


class RequestCategory(models.TextChoices):
    QUESTION = "question", "Question générale"
    FOLLOW_UP = "follow_up", "Suivi des salariés et convocations"
    PREVENTION = "prevention", "Prévention des risques"
    WORKFORCE_CORRECTION = "workforce_correction", "Correction d'une déclaration d'effectifs"
    INVOICE = "invoice", "Facturation"
    OTHER = "other", "Autre"


class RequesterKind(models.TextChoices):
    """Who asked (seed 000: the answer goes « à l'entreprise, aux représentants du personnel
    et/ou au salarié »)."""

    EMPLOYER = "employer", "Employeur"
    STAFF_REPRESENTATIVE = "staff_representative", "Représentant du personnel (CSE)"
    EMPLOYEE = "employee", "Salarié"
    ACCOUNTING_FIRM = "accounting_firm", "Cabinet comptable"
    OTHER = "other", "Autre"


class RequestStatus(models.TextChoices):
    NEW = "new", "Reçue"
    IN_PROGRESS = "in_progress", "En cours"
    ROUTED = "routed", "Transmise à un partenaire"
    ANSWERED = "answered", "Répondue"
    CLOSED = "closed", "Clôturée"


# A request still waiting for its first-level answer (the late ones are among them); a routed
# one is watched by its referral.
AWAITING_FIRST_ANSWER = (RequestStatus.NEW, RequestStatus.IN_PROGRESS)


class MemberRequestQuerySet(models.QuerySet["MemberRequest"]):
    def visible_to(self, ctx: AccessContext) -> MemberRequestQuerySet:
        """Portal: the member's own requests (a firm, under the « Demandes au service » scope:
        the employer's and the firms' only); staff: the centre's."""
        qs = scope.of_member(self, ctx, portal_code="adherents.request:view")
        if ctx.is_portal and ctx.via_firm:
            qs = qs.filter(requester_kind__in=rules.FIRM_VISIBLE_REQUESTERS)
        return qs


@pghistory.track()
class MemberRequest(TimeStampedModel):
    """A member's request, whatever its channel."""

    adherent = models.ForeignKey(
        "adherents.Adherent", on_delete=models.PROTECT, related_name="requests"
    )
    channel = models.CharField("canal", max_length=10, choices=RequestChannel)
    category = models.CharField("catégorie", max_length=24, choices=RequestCategory)
    subject = models.CharField("objet", max_length=200)
    body = models.TextField("demande")
    requester_kind = models.CharField(
        "demandeur", max_length=24, choices=RequesterKind, default=RequesterKind.EMPLOYER
    )
    # An employee's or a representative's name is personal data: shown to staff only, never in
    # the member's portal.
    requester_name = models.CharField("nom du demandeur", max_length=200, blank=True)
    status = models.CharField(
        "statut", max_length=12, choices=RequestStatus, default=RequestStatus.NEW
    )
    created_by = models.ForeignKey(  # the portal user, or the agent who logged a call/e-mail
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The accounting firm whose user filed it by mandate (created_by is that user): kept, as
    # a user may work for several firms and leave one.
    filed_via_firm = models.ForeignKey(
        "adherents.AccountingFirm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déposée par le cabinet",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name="attribuée à",
    )
    first_answered_at = models.DateTimeField("première réponse le", null=True, blank=True)
    closed_at = models.DateTimeField("close le", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField("satisfaction (1 à 5)", null=True, blank=True)
    satisfaction_comment = models.TextField("commentaire", blank=True)

    objects = MemberRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'adhérent"
        verbose_name_plural = "demandes d'adhérents"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True)
                | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="request_satisfaction_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="request_status_idx"),
            models.Index(fields=["adherent", "created_at"], name="request_adherent_idx"),
            models.Index(fields=["assigned_to", "status"], name="request_assignee_idx"),
            # The inbox's « demandeur » filter, newest first.
            models.Index(
                fields=["requester_kind", "created_at", "id"], name="request_requester_idx"
            ),
            # The inbox, newest first, read backwards by key (spsti.pagination): without it,
            # each page joined and sorted every request of the centre (and tested each one for
            # an overdue referral).
            models.Index(fields=["created_at", "id"], name="request_list_order_idx"),
            # The inbox's « en retard » filter, oldest first: only the requests still waiting
            # for a first answer, a few among years of closed ones.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(first_answered_at__isnull=True, status__in=AWAITING_FIRST_ANSWER),
                name="request_awaiting_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class RequestMessageQuerySet(models.QuerySet["RequestMessage"]):
    def visible_to(self, ctx: AccessContext) -> RequestMessageQuerySet:
        """The member never sees the centre's internal notes."""
        qs = scope.of_member(self, ctx, "request__adherent", portal_code="adherents.request:view")
        if ctx.is_portal and ctx.via_firm:
            qs = qs.filter(request__requester_kind__in=rules.FIRM_VISIBLE_REQUESTERS)
        return qs.filter(is_internal=False) if ctx.is_portal else qs


class RequestMessage(models.Model):
    """One message of the thread; internal notes are never shown to the member."""

    request = models.ForeignKey(MemberRequest, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    author_label = models.CharField(max_length=200, blank=True)  # a partner answering by link
    # The firm an author wrote for, acting by mandate (never shown as « adhérent »).
    author_firm = models.ForeignKey(
        "adherents.AccountingFirm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cabinet de l'auteur",
    )
    body = models.TextField("message")
    is_internal = models.BooleanField("note interne", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RequestMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        triggers = [
            pgtrigger.Protect(name="request_message_no_update", operation=pgtrigger.Update),
            pgtrigger.Protect(name="request_message_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class PartnerReferralQuerySet(models.QuerySet["PartnerReferral"]):
    def visible_to(self, ctx: AccessContext) -> PartnerReferralQuerySet:
        """Staff of the centre that follows the member (a partner answers by its secret link)."""
        return scope.of_member(self, ctx, "request__adherent", portal=False)


@pghistory.track()
class PartnerReferral(TimeStampedModel):
    """A request routed to a partner, with its deadline; the partner answers by a secret link."""

    request = models.ForeignKey(MemberRequest, on_delete=models.PROTECT, related_name="referrals")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals")
    sent_on = models.DateField("transmise le")
    due_on = models.DateField("réponse attendue avant le")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    answer = models.TextField("réponse du partenaire", blank=True)
    answered_at = models.DateTimeField("répondue le", null=True, blank=True)

    objects = PartnerReferralQuerySet.as_manager()

    class Meta:
        verbose_name = "transmission à un partenaire"
        ordering = ["-sent_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("sent_on")), name="referral_due_after_sent"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""), name="referral_answer_text"
            ),
        ]
        indexes = [models.Index(fields=["answered_at", "due_on"], name="partner_referral_open_idx")]

    def __str__(self) -> str:
        return f"{self.request} → {self.partner}"
