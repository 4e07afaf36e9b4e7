"""Reads of the FE and the prevention visit: lists, due status, alerts, indicators, predicates.

Dates are computed by the rules (``rules.cadence``); SQL only filters with bounds that the
rules themselves decide, so the screens and the law never drift apart.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate

from accounts.context import AccessContext
from accounts.enums import StaffRole
from accounts.models import StaffAssignment
from adherents.models import Adherent, Establishment
from prevention.models import (
    FicheEntreprise,
    FicheHazardEntry,
    FichePhoto,
    FicheUnitEntry,
    FicheVersion,
    Hazard,
    HazardThesaurus,
    WorkUnit,
)
from prevention.rules import cadence
from prevention.rules.dates import add_years
from prevention.scope import scoped

Status = FicheVersion.Status
FIRST_ALERT_DAYS = 60  # a first FE is announced two months before its legal deadline
RENEWAL_ALERT_DAYS = 90  # a renewal three months before the service's target
FILTERS = {
    "a_etablir": "À établir",
    "a_renouveler": "À renouveler",
    "brouillon": "Brouillon à valider",
    "validee": "Validée, à transmettre",
}


# ------------------------------------------------------------------------------ due status


def latest_joined_on(limit: datetime.date) -> datetime.date:
    """The last joining date whose first FE falls due on or before `limit` (R4624-47)."""
    day = add_years(limit, -1)
    while cadence.first_fiche_due(day).due_on > limit:
        day -= datetime.timedelta(days=1)
    while cadence.first_fiche_due(day + datetime.timedelta(days=1)).due_on <= limit:
        day += datetime.timedelta(days=1)
    return day


def _sent_of_establishment() -> QuerySet[FicheVersion]:
    return FicheVersion.objects.filter(fiche__establishment=OuterRef("pk"), status=Status.SENT)


# An establishment whose FE was sent at least once: the latest sending is kept on the FE's row
# by the database (FicheEntreprise.last_sent_at, migration prevention 0009); no FE, never sent.
SENT_ONCE = Q(fiche_entreprise__last_sent_at__isnull=False)


def _first_due_by(limit: datetime.date) -> Q:
    """Establishments without FE yet, or with one, whose first FE is due by `limit`."""
    return Q(fiche_entreprise__isnull=True, adherent__joined_on__lte=latest_joined_on(limit)) | Q(
        fiche_entreprise__first_due_on__lte=limit
    )


def _establishments(team_ids) -> QuerySet[Establishment]:
    """Establishments of member companies followed by these teams (no FE for an independent)."""
    return Establishment.objects.filter(
        adherent__team_id__in=team_ids, adherent__kind=Adherent.Kind.COMPANY
    )


def fiche_of(establishment: Establishment) -> FicheEntreprise | None:
    try:
        return establishment.fiche_entreprise
    except ObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class DueStatus:
    """What the list says about an establishment's FE: a sentence and its urgency."""

    label: str
    level: str  # "danger", "warning" or "success": always shown with its words


def due_status(
    *, first_due_on: datetime.date, renewal_due_on: datetime.date | None, today: datetime.date
) -> DueStatus:
    """The first FE (R4624-47) until one is sent, then its renewal (service target)."""
    if renewal_due_on is None:
        if first_due_on < today:
            return DueStatus(f"Première FE en retard (due le {first_due_on:%d/%m/%Y})", "danger")
        level = "warning" if first_due_on <= today + _days(FIRST_ALERT_DAYS) else "success"
        return DueStatus(f"Première FE à établir avant le {first_due_on:%d/%m/%Y}", level)
    if renewal_due_on < today:
        return DueStatus(f"Renouvellement en retard (dû le {renewal_due_on:%d/%m/%Y})", "danger")
    if renewal_due_on <= today + _days(RENEWAL_ALERT_DAYS):
        return DueStatus(f"À renouveler avant le {renewal_due_on:%d/%m/%Y}", "warning")
    return DueStatus(f"À jour (renouvellement avant le {renewal_due_on:%d/%m/%Y})", "success")


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


# The columns the list shows (template and `decorate`): not the addresses, opening hours or
# convocation preferences of each establishment, nor the member's activity description.
LIST_COLUMNS = (
    "name",
    "siret",
    "adherent__name",
    "adherent__joined_on",
    "adherent__team__name",
    "fiche_entreprise__first_due_on",
    "fiche_entreprise__renewal_due_on",
)


def fiche_rows(
    ctx: AccessContext, *, status: str = "", today: datetime.date
) -> QuerySet[Establishment]:
    """The centre's establishments with their FE state, filtered by what is due."""
    # The versions of the row's FE, already joined (NULL without FE: no version): each subquery
    # and filter reads the versions by their FE id, not by joining the FEs once more.
    versions = FicheVersion.objects.filter(fiche=OuterRef("fiche_entreprise__pk"))
    pending = versions.filter(status__in=[Status.DRAFT, Status.VALIDATED])
    rows = (
        # prevention's scope (prevention/scope.py): the centre's teams tested on the member row
        # the list joins anyway, not through a second reading of each member (visible_to's IN).
        scoped(Establishment.objects.all(), ctx, "prevention.fiche:view", "adherent")
        .filter(adherent__kind=Adherent.Kind.COMPANY)
        .select_related("adherent__team", "fiche_entreprise")
        .only(*LIST_COLUMNS)
        # The latest sending is on the FE's row (FicheEntreprise.last_sent_at, kept by the
        # database: has_sent, in `decorate`); the version in progress, per row of the page only
        # (an EXISTS in the columns would be planned as a hash of every pending version).
        .annotate(
            last_sent_at=F("fiche_entreprise__last_sent_at"),
            pending_status=Subquery(pending.values("status")[:1]),
        )
    )
    if status == "a_etablir":
        limit = today + _days(FIRST_ALERT_DAYS)
        rows = rows.filter(_first_due_by(limit), ~SENT_ONCE, adherent__status="active")
        return rows.order_by("adherent__joined_on", "adherent__name", "name", "pk")
    if status in ("brouillon", "validee"):  # the version in progress: to validate, to send
        # A semi-join from the few versions in progress (fe_version_pending_idx), not the
        # subquery of the column computed for every establishment of the centre.
        wanted = Status.DRAFT if status == "brouillon" else Status.VALIDATED
        rows = rows.filter(Exists(pending.filter(status=wanted)))
        return rows.order_by("adherent__name", "name", "pk")
    if status == "a_renouveler":
        limit = today + _days(RENEWAL_ALERT_DAYS)
        rows = rows.filter(fiche_entreprise__renewal_due_on__lte=limit, adherent__status="active")
        return rows.order_by("fiche_entreprise__renewal_due_on", "adherent__name", "pk")
    return rows.order_by("adherent__name", "name", "pk")


def first_due_of(establishment: Establishment) -> datetime.date:
    """The first FE's deadline: stored on the FE, or computed before it is opened (R4624-47)."""
    fiche = fiche_of(establishment)
    if fiche is not None:
        return fiche.first_due_on
    return cadence.first_fiche_due(establishment.adherent.joined_on).due_on


def decorate(rows: list[Establishment], today: datetime.date) -> list[Establishment]:
    """Give each row its FE (or None), its first due date and its due status."""
    for row in rows:
        row.has_sent = row.last_sent_at is not None  # a sent version has its date (fe_sent_has_pdf)
        row.fiche = fiche_of(row)
        row.first_due_on = first_due_of(row)
        renewal = row.fiche.renewal_due_on if row.fiche and row.has_sent else None
        row.due = due_status(first_due_on=row.first_due_on, renewal_due_on=renewal, today=today)
    return rows


# ------------------------------------------------------------------------------- versions


def fiche_list(ctx: AccessContext) -> QuerySet[FicheEntreprise]:
    return FicheEntreprise.objects.visible_to(ctx).select_related("establishment__adherent__team")


def version_list(ctx: AccessContext) -> QuerySet[FicheVersion]:
    """The versions this context may see (the member: sent ones only)."""
    return FicheVersion.objects.visible_to(ctx).select_related(
        "fiche__establishment__adherent__team", "drafted_by", "validated_by"
    )


def with_archived(versions: list[FicheVersion]) -> list[FicheVersion]:
    """A sent version older than the last sent one is archived (replaced for the employer)."""
    last = max((v.number for v in versions if v.status == Status.SENT), default=None)
    for version in versions:
        version.is_archived = version.status == Status.SENT and version.number < last
    return versions


def versions_of(ctx: AccessContext, fiche: FicheEntreprise) -> list[FicheVersion]:
    rows = version_list(ctx).filter(fiche=fiche)
    rows = rows.select_related("acknowledgement", "read_receipt__read_by")
    return with_archived(list(rows.order_by("-number")))


def is_archived(version: FicheVersion) -> bool:
    return (
        version.status == Status.SENT
        and FicheVersion.objects.filter(
            fiche_id=version.fiche_id, status=Status.SENT, number__gt=version.number
        ).exists()
    )


def version_content(version: FicheVersion) -> FicheVersion:
    """The version with its units, hazards (thesaurus order), photos and contributors."""
    hazards = FicheHazardEntry.objects.select_related("hazard").order_by(
        "hazard__family", "hazard__label"
    )
    units = FicheUnitEntry.objects.prefetch_related(Prefetch("hazards", queryset=hazards))
    return (
        FicheVersion.objects.select_related(
            "fiche__establishment__adherent__team", "drafted_by", "validated_by", "from_visit"
        )
        .prefetch_related(
            Prefetch("units", queryset=units.order_by("name", "pk")),
            Prefetch("photos", queryset=FichePhoto.objects.order_by("pk")),
            "contributors",
        )
        .get(pk=version.pk)
    )


def thesaurus_choices(thesaurus_id: int) -> list[tuple[str, list[tuple[int, str]]]]:
    """The thesaurus' hazards grouped by family, for a select with optgroups (one query)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for pk, family, label in Hazard.objects.filter(thesaurus_id=thesaurus_id).values_list(
        "pk", "family", "label"
    ):
        groups.setdefault(family, []).append((pk, label))
    return list(groups.items())


def current_thesaurus_id() -> int:
    return HazardThesaurus.objects.values_list("pk", flat=True).get(is_current=True)


def establishment_units(establishment_id: int) -> QuerySet[WorkUnit]:
    return WorkUnit.objects.filter(establishment_id=establishment_id, archived_at__isnull=True)


def member_current_versions(
    ctx: AccessContext, *, unacknowledged: bool = False
) -> QuerySet[FicheVersion]:
    """For the member: the last FE sent for each of its establishments, with its receipt;
    `unacknowledged`: only those whose receipt the employer has not acknowledged yet."""
    last = (
        FicheVersion.objects.filter(fiche=OuterRef("fiche"), status=Status.SENT)
        .order_by("-number")
        .values("number")[:1]
    )
    rows = version_list(ctx).filter(number=Subquery(last))
    if unacknowledged:
        rows = rows.filter(acknowledgement__isnull=True)
    return rows.select_related("acknowledgement").order_by("fiche__establishment__name", "pk")


# --------------------------------------------------------------------- alerts, indicators


def first_fiche_alerts(team_ids, *, today: datetime.date) -> QuerySet[Establishment]:
    """Establishments with no FE sent whose first one is overdue or due within 60 days."""
    return (
        _establishments(team_ids)
        .filter(_first_due_by(today + _days(FIRST_ALERT_DAYS)), ~SENT_ONCE)
        .filter(adherent__status="active")
        .select_related("adherent", "fiche_entreprise")
        .order_by("adherent__joined_on", "pk")
    )


def renewal_alerts(team_ids, *, today: datetime.date) -> QuerySet[FicheEntreprise]:
    """FEs to renew: renewal target passed or within 90 days."""
    return (
        FicheEntreprise.objects.filter(
            establishment__in=_establishments(team_ids).filter(adherent__status="active"),
            renewal_due_on__lte=today + _days(RENEWAL_ALERT_DAYS),
        )
        .select_related("establishment__adherent")
        .order_by("renewal_due_on", "pk")
    )


@dataclass(frozen=True)
class FicheIndicators:
    """The FE indicators of seed 004 and the domain notes (§10), for some teams."""

    years: int
    members_count: int
    members_with_recent_fiche: int
    fiches_expected: int  # establishments whose first deadline passed, or whose FE was sent
    fiches_on_time: int  # first FE sent on or before its deadline (R4624-47)
    first_alert_count: int = 0  # first FE overdue or due within 60 days (first_fiche_alerts)
    renewal_alert_count: int = 0  # renewal passed or within 90 days (renewal_alerts)

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def recent_share(self) -> float | None:
        return self._share(self.members_with_recent_fiche, self.members_count)

    @property
    def on_time_share(self) -> float | None:
        return self._share(self.fiches_on_time, self.fiches_expected)


def fiche_indicators(team_ids, *, today: datetime.date, years: int) -> FicheIndicators:
    """Share of members with an FE less than `years` old, of first FEs on time; alert counts."""
    recent = FicheVersion.objects.filter(
        fiche__establishment__adherent=OuterRef("pk"),
        status=Status.SENT,
        sent_at__date__gt=add_years(today, -years),
    )
    members = (
        Adherent.objects.filter(team_id__in=team_ids, status="active", kind=Adherent.Kind.COMPANY)
        .annotate(has_recent=Exists(recent))
        .aggregate(total=Count("pk"), recent=Count("pk", filter=Q(has_recent=True)))
    )
    sent = _sent_of_establishment()
    first_sent_on = TruncDate(Subquery(sent.order_by("sent_at").values("sent_at")[:1]))
    # One pass over the establishments: the indicator and the two alert counts of the header.
    fiches = (
        _establishments(team_ids)
        .filter(adherent__status="active")
        .annotate(first_sent_on=first_sent_on)
        .aggregate(
            expected=Count("pk", filter=SENT_ONCE | _first_due_by(today - _days(1))),
            on_time=Count(
                "pk",
                filter=SENT_ONCE & Q(first_sent_on__lte=F("fiche_entreprise__first_due_on")),
            ),
            first_alerts=Count(
                "pk", filter=~SENT_ONCE & _first_due_by(today + _days(FIRST_ALERT_DAYS))
            ),
            renewal_alerts=Count(
                "pk",
                filter=Q(fiche_entreprise__renewal_due_on__lte=today + _days(RENEWAL_ALERT_DAYS)),
            ),
        )
    )
    return FicheIndicators(
        years=years,
        members_count=members["total"],
        members_with_recent_fiche=members["recent"],
        fiches_expected=fiches["expected"],
        fiches_on_time=fiches["on_time"],
        first_alert_count=fiches["first_alerts"],
        renewal_alert_count=fiches["renewal_alerts"],
    )


def alert_recipients() -> dict[int, list[str]]:
    """Each team's prevention assistants in post, who receive the weekly FE deadlines."""
    rows = (
        StaffAssignment.objects.filter(
            role=StaffRole.PREVENTION_ASSISTANT,
            ended_on__isnull=True,
            team__isnull=False,
            user__is_active=True,
        )
        .exclude(user__email="")
        .values_list("team_id", "user__email")
        .distinct()
        .order_by("team_id", "user__email")
    )
    recipients: dict[int, list[str]] = {}
    for team_id, email in rows:
        recipients.setdefault(team_id, []).append(email)
    return recipients
