"""Reads of the workforce declaration: campaigns, latest versions, who still has to declare.

The latest version of an establishment's declaration for a year is the one no other version
supersedes: the chain is linear by construction (`supersedes` is one-to-one and versions are
unique per campaign and establishment), so "not superseded" is "latest", in one join.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from accounts.enums import AdherentRole, MandateScope
from adherents.members.selectors import member_emails
from adherents.models import (
    AccountingFirmMandate,
    Adherent,
    DeclarationCampaign,
    Establishment,
    MemberRequest,
    RequestCategory,
    RequestStatus,
    WorkforceDeclaration,
)
from adherents.rules import workforce as rules

OPEN_REQUEST_STATUSES = (RequestStatus.NEW, RequestStatus.IN_PROGRESS, RequestStatus.ROUTED)


def current_campaign(today: datetime.date) -> DeclarationCampaign | None:
    """The campaign members work on today (rules.current_campaign_year), in one query over
    the campaigns of recent and coming years."""
    campaigns = {c.year: c for c in DeclarationCampaign.objects.filter(year__gte=today.year - 1)}
    year = rules.current_campaign_year(
        [(c.year, c.opens_on, c.closes_on) for c in campaigns.values()], today
    )
    return campaigns.get(year)


def _latest() -> QuerySet[WorkforceDeclaration]:
    return WorkforceDeclaration.objects.filter(superseded_by__isnull=True)


def latest_declarations(establishment_ids: list[int], year: int) -> dict[int, WorkforceDeclaration]:
    """{establishment_id: its latest declaration version for that year} (one query)."""
    rows = _latest().filter(establishment_id__in=list(establishment_ids), campaign__year=year)
    return {d.establishment_id: d for d in rows.select_related("campaign", "via_firm")}


def first_declarations(establishment_ids: list[int], year: int) -> dict[int, WorkforceDeclaration]:
    """{establishment_id: its version 1 for that year}: when it was first declared (lateness)."""
    rows = WorkforceDeclaration.objects.filter(
        establishment_id__in=list(establishment_ids), campaign__year=year, version=1
    )
    return {d.establishment_id: d for d in rows}


def declared_headcount_by_adherent(adherent_ids: list[int], year: int) -> dict[int, dict[str, int]]:
    """{adherent_id: {"si", "sia", "sir"}}: the latest version of each establishment, summed
    per member (one query). Members without any declaration that year are absent."""
    rows = (
        _latest()
        .filter(establishment__adherent_id__in=list(adherent_ids), campaign__year=year)
        .values("establishment__adherent_id")
        .annotate(si=Sum("headcount_si"), sia=Sum("headcount_sia"), sir=Sum("headcount_sir"))
        .order_by()
    )
    return {
        r["establishment__adherent_id"]: {"si": r["si"], "sia": r["sia"], "sir": r["sir"]}
        for r in rows
    }


def declaring_establishments() -> QuerySet[Establishment]:
    """Establishments that declare: of member companies still members (not the self-employed,
    who have no worker to declare, nor struck-off members)."""
    return Establishment.objects.filter(adherent__kind=Adherent.Kind.COMPANY).exclude(
        adherent__status=Adherent.Status.ENDED
    )


def _declared(campaign: DeclarationCampaign) -> Exists:
    return Exists(
        WorkforceDeclaration.objects.filter(establishment=OuterRef("pk"), campaign=campaign)
    )


def declaration_progress(
    adherent_ids: list[int], campaign: DeclarationCampaign
) -> dict[int, tuple[int, int]]:
    """{adherent_id: (declared establishments, establishments)} for a campaign (one query)."""
    rows = (
        declaring_establishments()
        .filter(adherent_id__in=list(adherent_ids))
        .annotate(declared=_declared(campaign))
        .values("adherent_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(declared=True)))
        .order_by()
    )
    return {r["adherent_id"]: (r["done"], r["total"]) for r in rows}


# --- Back-office: the campaign page --------------------------------------------------------


def campaign_establishments(
    ctx, campaign: DeclarationCampaign, *, team_id: int | None = None, state: str = ""
) -> QuerySet[Establishment]:
    """The centre's declaring establishments, annotated `declared`, filtered by team/state."""
    qs = (
        declaring_establishments()
        .visible_to(ctx)
        .annotate(declared=_declared(campaign))
        .select_related("adherent__team")
        .order_by("adherent__name", "name", "pk")
    )
    if team_id is not None:
        qs = qs.filter(adherent__team_id=team_id)
    if state == "declared":
        qs = qs.filter(declared=True)
    elif state == "undeclared":
        qs = qs.filter(declared=False)
    return qs


def campaign_counts_by_team(ctx, campaign: DeclarationCampaign) -> list[dict]:
    """Per team of the centre: establishments to declare, declared, missing (one query)."""
    rows = (
        declaring_establishments()
        .visible_to(ctx)
        .annotate(declared=_declared(campaign))
        .values("adherent__team_id", "adherent__team__name")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(declared=True)))
        .order_by("adherent__team__name")
    )
    return [
        {
            "team_id": r["adherent__team_id"],
            "team_name": r["adherent__team__name"],
            "total": r["total"],
            "declared": r["done"],
            "missing": r["total"] - r["done"],
        }
        for r in rows
    ]


@dataclass(frozen=True)
class EstablishmentRow:
    establishment: Establishment
    latest: WorkforceDeclaration | None
    late: bool


def establishment_rows(
    establishments: list[Establishment], campaign: DeclarationCampaign
) -> list[EstablishmentRow]:
    """A page of establishments with their latest version and lateness (two queries)."""
    ids = [e.pk for e in establishments]
    latest = latest_declarations(ids, campaign.year)
    first = first_declarations(ids, campaign.year)
    return [
        EstablishmentRow(
            establishment=e,
            latest=latest.get(e.pk),
            late=e.pk in first and declaration_is_late(first[e.pk], campaign),
        )
        for e in establishments
    ]


def declaration_is_late(first: WorkforceDeclaration, campaign: DeclarationCampaign) -> bool:
    """The first version came after the closing day (« hors délai »)."""
    return rules.is_late(timezone.localdate(first.submitted_at), campaign.closes_on)


def correction_requests(ctx) -> QuerySet[MemberRequest]:
    """Workforce correction requests of the centre's members, oldest first."""
    return (
        MemberRequest.objects.visible_to(ctx)
        .filter(category=RequestCategory.WORKFORCE_CORRECTION)
        .select_related("adherent")
        .order_by("created_at", "pk")
    )


def pending_corrections(ctx) -> QuerySet[MemberRequest]:
    """Those not answered yet (the requests inbox answers them)."""
    return correction_requests(ctx).filter(status__in=OPEN_REQUEST_STATUSES)


# --- Reminders ------------------------------------------------------------------------------


def undeclared_adherents(campaign: DeclarationCampaign) -> dict[int, tuple[str, list[str]]]:
    """{adherent_id: (name, [names of establishments not declared])} (one query)."""
    rows = (
        declaring_establishments()
        .annotate(declared=_declared(campaign))
        .filter(declared=False)
        .values_list("adherent_id", "adherent__name", "name")
        .order_by("adherent_id", "name")
    )
    result: dict[int, tuple[str, list[str]]] = {}
    for adherent_id, adherent_name, name in rows:
        result.setdefault(adherent_id, (adherent_name, []))[1].append(name)
    return result


def reminder_recipients(adherent_ids: list[int], today: datetime.date) -> dict[int, list[str]]:
    """{adherent_id: e-mails}: its active admins and HR, and the active users of the firms that
    hold an active mandate with the workforce scope for it (two queries)."""
    found = member_emails(adherent_ids, [AdherentRole.ADMIN, AdherentRole.HR])
    recipients = {adherent_id: set(emails) for adherent_id, emails in found.items()}
    firm_users = (
        AccountingFirmMandate.objects.active(today)
        .filter(
            adherent_id__in=adherent_ids,
            scopes__contains=[MandateScope.WORKFORCE],
            firm__members__is_active=True,
            firm__members__user__is_active=True,
        )
        .values_list("adherent_id", "firm__members__user__email")
    )
    for adherent_id, email in firm_users:
        recipients.setdefault(adherent_id, set()).add(email)
    return {k: sorted(v) for k, v in recipients.items() if v}
