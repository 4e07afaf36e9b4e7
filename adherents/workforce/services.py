"""Writes of the workforce declaration: campaigns, declarations and their later versions,
correction requests, and the campaign reminders.

A submitted version is never changed (database triggers): a correction validated by the
service or an update of the member is a new version superseding the latest one.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from adherents import perms
from adherents.models import (
    DeclarationCampaign,
    DeclarationKind,
    Establishment,
    MemberRequest,
    RequestCategory,
    RequestChannel,
    RequestMessage,
    WorkforceDeclaration,
)
from adherents.requests import services as request_services
from adherents.rules import workforce as rules
from adherents.workforce import selectors
from spsti import outbox
from spsti.errors import DomainError

MANAGE = "adherents.workforce:manage"  # the member service (back-office views)
DECLARE = "adherents.workforce:declare"  # a member, or its firm under a workforce mandate


class WorkforceError(DomainError):
    """A declaration the rules refuse; the message is shown as is."""


@dataclass(frozen=True)
class Headcount:
    si: int
    sia: int
    sir: int
    # Heads of the company using the employees' follow-up (art. L4621-4), not employees.
    company_heads: int = 0

    @classmethod
    def of(cls, declaration: WorkforceDeclaration) -> Headcount:
        return cls(
            declaration.headcount_si,
            declaration.headcount_sia,
            declaration.headcount_sir,
            declaration.company_heads,
        )

    def fields(self) -> dict[str, int]:
        """The declaration's columns, for a new version."""
        return {
            "headcount_si": self.si,
            "headcount_sia": self.sia,
            "headcount_sir": self.sir,
            "company_heads": self.company_heads,
        }

    def __str__(self) -> str:
        return f"SI {self.si}, SIA {self.sia}, SIR {self.sir}, dirigeants {self.company_heads}"


# --- Campaigns ------------------------------------------------------------------------------


def create_campaign(
    ctx, *, year: int, opens_on, closes_on, reminder_days: list[int]
) -> DeclarationCampaign:
    perms.require_staff(ctx, MANAGE)
    with transaction.atomic(), audit.actor_context(ctx):
        if DeclarationCampaign.objects.filter(year=year).exists():
            raise WorkforceError(f"La campagne {year} existe déjà : modifiez-la.")
        _check_period(opens_on, closes_on)
        return DeclarationCampaign.objects.create(
            year=year, opens_on=opens_on, closes_on=closes_on, reminder_days=reminder_days
        )


def update_campaign(
    ctx, campaign: DeclarationCampaign, *, opens_on, closes_on, reminder_days: list[int]
) -> DeclarationCampaign:
    perms.require_staff(ctx, MANAGE)
    _check_period(opens_on, closes_on)
    with transaction.atomic(), audit.actor_context(ctx):
        campaign.opens_on, campaign.closes_on = opens_on, closes_on
        campaign.reminder_days = reminder_days
        campaign.save(update_fields=["opens_on", "closes_on", "reminder_days", "updated_at"])
    return campaign


def _check_period(opens_on, closes_on) -> None:
    if closes_on < opens_on:
        raise WorkforceError("La clôture de la campagne doit suivre son ouverture.")


# --- Declarations ---------------------------------------------------------------------------


def _refuse_before_opening(campaign: DeclarationCampaign, today: datetime.date) -> None:
    window = rules.campaign_window(today, campaign.opens_on, campaign.closes_on)
    if window is rules.Window.NOT_OPEN:
        raise WorkforceError(
            f"La déclaration des effectifs {campaign.year} ouvre le "
            f"{campaign.opens_on:%d/%m/%Y} : vous pourrez déclarer à partir de cette date."
        )


def declare(
    ctx,
    *,
    establishment: Establishment,
    campaign: DeclarationCampaign,
    headcount: Headcount,
    prefilled: bool,
    today: datetime.date | None = None,
) -> WorkforceDeclaration:
    """The establishment's first declaration of the campaign (version 1), locked once written.
    After closing it is still accepted, and shown « hors délai »."""
    perms.require_portal(ctx, DECLARE)
    establishment = perms.visible(Establishment.objects, ctx, establishment.pk)
    _refuse_before_opening(campaign, today or timezone.localdate())
    locked = WorkforceError(
        f"Les effectifs {campaign.year} de cet établissement sont déjà déclarés et la "
        "déclaration est verrouillée : pour la modifier, demandez une correction ou mettez "
        "à jour vos effectifs."
    )
    if WorkforceDeclaration.objects.filter(campaign=campaign, establishment=establishment).exists():
        raise locked
    try:
        with transaction.atomic():  # two clicks at once: the unique version refuses the second
            return WorkforceDeclaration.objects.create(
                campaign=campaign,
                establishment=establishment,
                version=1,
                kind=DeclarationKind.CAMPAIGN,
                **headcount.fields(),
                prefilled_from_workers=prefilled,
                submitted_by=ctx.user,
                via_firm_id=ctx.firm_id,
            )
    except IntegrityError:
        raise locked from None


def _new_version(
    ctx,
    *,
    establishment: Establishment,
    campaign: DeclarationCampaign,
    headcount: Headcount,
    kind: str,
    reason: str,
    missing: str,
) -> WorkforceDeclaration:
    """A version superseding the latest one; `missing` is the refusal when there is none."""
    reason = reason.strip()
    if not reason:
        raise WorkforceError("Indiquez le motif : il accompagne la nouvelle version.")
    try:
        with transaction.atomic():
            latest = (
                WorkforceDeclaration.objects.select_for_update()
                .filter(campaign=campaign, establishment=establishment)
                .order_by("-version")
                .first()
            )
            if latest is None:
                raise WorkforceError(missing)
            return WorkforceDeclaration.objects.create(
                campaign=campaign,
                establishment=establishment,
                version=latest.version + 1,
                kind=kind,
                supersedes=latest,
                **headcount.fields(),
                prefilled_from_workers=False,
                submitted_by=ctx.user,
                via_firm_id=ctx.firm_id,
                reason=reason,
            )
    except IntegrityError:
        raise WorkforceError(
            "Une autre version vient d'être enregistrée pour cet établissement : rechargez la "
            "page et vérifiez les effectifs avant de recommencer."
        ) from None


def update_declaration(
    ctx,
    *,
    establishment: Establishment,
    campaign: DeclarationCampaign,
    headcount: Headcount,
    reason: str,
) -> WorkforceDeclaration:
    """« Mettre à jour mes effectifs » during the year: a new version of kind update."""
    perms.require_portal(ctx, DECLARE)
    establishment = perms.visible(Establishment.objects, ctx, establishment.pk)
    return _new_version(
        ctx,
        establishment=establishment,
        campaign=campaign,
        headcount=headcount,
        kind=DeclarationKind.UPDATE,
        reason=reason,
        missing=(
            f"Faites d'abord la déclaration {campaign.year} de cet établissement : la mise à "
            "jour complète une première déclaration."
        ),
    )


# --- Corrections ----------------------------------------------------------------------------

_SIRET = re.compile(r"SIRET (\d{14})")
_YEAR = re.compile(r"Campagne : (\d{4})")
# A request written before the heads were declared has no « dirigeants » part.
_PROPOSED = re.compile(
    r"Effectifs proposés : SI (\d+), SIA (\d+), SIR (\d+)(?:, dirigeants (\d+))?"
)


def correction_body(
    establishment: Establishment,
    latest: WorkforceDeclaration,
    headcount: Headcount,
    reason: str,
) -> str:
    """The request's text: read by the service, and parsed back to pre-fill its form."""
    return (
        f"Établissement : {establishment.name} (SIRET {establishment.siret})\n"
        f"Campagne : {latest.campaign.year}\n"
        f"Déclaration actuelle (version {latest.version}) : "
        f"{Headcount.of(latest)}\n"
        f"Effectifs proposés : {headcount}\n"
        f"Motif : {reason.strip()}\n"
    )


def proposed_correction(body: str) -> dict:
    """What `correction_body` wrote: {"siret", "year", "si", "sia", "sir", "company_heads"},
    whatever was found."""
    found: dict = {}
    if match := _SIRET.search(body):
        found["siret"] = match.group(1)
    if match := _YEAR.search(body):
        found["year"] = int(match.group(1))
    if match := _PROPOSED.search(body):
        names = ("si", "sia", "sir", "company_heads")
        found.update(
            (name, int(value))
            for name, value in zip(names, match.groups(), strict=True)
            if value is not None
        )
    return found


def request_correction(
    ctx,
    *,
    establishment: Establishment,
    campaign: DeclarationCampaign,
    headcount: Headcount,
    reason: str,
) -> MemberRequest:
    """« Demander une correction »: a request to the service, which applies it if right."""
    perms.require_portal(ctx, DECLARE)
    establishment = perms.visible(Establishment.objects, ctx, establishment.pk)
    if not reason.strip():
        raise WorkforceError("Expliquez la correction demandée : le service en a besoin.")
    latest = selectors.latest_declarations([establishment.pk], campaign.year).get(establishment.pk)
    if latest is None:
        raise WorkforceError(
            "Cet établissement n'a pas encore de déclaration à corriger : déclarez ses effectifs."
        )
    with transaction.atomic(), audit.actor_context(ctx):
        return MemberRequest.objects.create(
            adherent_id=establishment.adherent_id,
            channel=RequestChannel.PORTAL,
            category=RequestCategory.WORKFORCE_CORRECTION,
            subject=f"Correction des effectifs {campaign.year} — {establishment.name}"[:200],
            body=correction_body(establishment, latest, headcount, reason),
            created_by=ctx.user,
            **request_services.portal_filer(ctx),  # the employer, or its firm by mandate
        )


def apply_correction(
    ctx,
    *,
    request: MemberRequest,
    establishment: Establishment,
    campaign: DeclarationCampaign,
    headcount: Headcount,
    reason: str,
) -> WorkforceDeclaration:
    """The service applies a correction it validated: a new version of kind correction, and an
    internal note on the request (the request is answered in the requests inbox)."""
    perms.require_staff(ctx, MANAGE)
    request = perms.visible(MemberRequest.objects, ctx, request.pk)
    establishment = perms.visible(Establishment.objects, ctx, establishment.pk)
    if request.category != RequestCategory.WORKFORCE_CORRECTION:
        raise WorkforceError("Cette demande ne porte pas sur une déclaration d'effectifs.")
    if establishment.adherent_id != request.adherent_id:
        raise WorkforceError("Cet établissement n'appartient pas à l'adhérent de la demande.")
    with transaction.atomic(), audit.actor_context(ctx):
        declaration = _new_version(
            ctx,
            establishment=establishment,
            campaign=campaign,
            headcount=headcount,
            kind=DeclarationKind.CORRECTION,
            reason=reason,
            missing=(
                f"Cet établissement n'a pas de déclaration {campaign.year} : il n'y a rien "
                "à corriger."
            ),
        )
        RequestMessage.objects.create(
            request=request,
            author=ctx.user,
            body=(
                f"Correction appliquée : effectifs {campaign.year} de {establishment.name}, "
                f"version {declaration.version} ({headcount})."
            ),
            is_internal=True,
        )
    return declaration


# --- Reminders ------------------------------------------------------------------------------


def reminder_key(campaign_id: int, adherent_id: int, day: datetime.date) -> str:
    return f"adherents:workforce-reminder:{campaign_id}:{adherent_id}:{day.isoformat()}"


def send_reminders(today: datetime.date | None = None) -> int:
    """E-mail each member with establishments still to declare, on the campaign's J-n days;
    once per campaign, member and day (a redelivered task never sends twice)."""
    today = today or timezone.localdate()
    campaigns = [
        c
        for c in DeclarationCampaign.objects.filter(opens_on__lte=today, closes_on__gte=today)
        if rules.reminder_due(today, c.opens_on, c.closes_on, c.reminder_days)
    ]
    sent = 0
    for campaign in campaigns:
        missing = selectors.undeclared_adherents(campaign)
        recipients = selectors.reminder_recipients(list(missing), today)
        context = {
            "campaign": campaign,
            "days_left": (campaign.closes_on - today).days,
            "service_name": settings.SPSTI_SERVICE_NAME,
            "declare_url": settings.SPSTI_SITE_URL
            + reverse("portal:adherents:workforce-declaration-list"),
            "portfolio_url": settings.SPSTI_SITE_URL + reverse("portal:adherents:firms-portfolio"),
        }
        for adherent_id, emails in recipients.items():
            name, establishments = missing[adherent_id]
            body_context = {**context, "adherent_name": name, "establishments": establishments}
            queued = outbox.queue_email(
                kind="adherents.workforce.reminder",
                subject=render_to_string(
                    "adherents/workforce/email/reminder_subject.txt", body_context
                ),
                body=render_to_string("adherents/workforce/email/reminder.txt", body_context),
                to=emails,
                related=campaign,
                key=reminder_key(campaign.pk, adherent_id, today),
            )
            sent += queued is not None
    return sent
