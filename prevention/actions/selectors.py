"""Reads of actions in the workplace (AMT), their alerts and indicators. Every function takes
`today` so that tests can travel in time."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce

from accounts.context import AccessContext
from adherents.models import Adherent
from prevention.models import ActionDocument, PreventionAction
from prevention.rules import cadence
from prevention.rules.dates import add_years

Kind = PreventionAction.Kind


def latest_past(today: datetime.date, years: int, is_past: Callable[[datetime.date], bool]):
    """The latest date the rule `is_past` still calls past; lets SQL filter what the rule says.

    The rules are monotonic in the date, so a couple of steps around `today - years` suffice.
    """
    day = add_years(today, -years)
    while not is_past(day):
        day -= datetime.timedelta(days=1)
    while is_past(day + datetime.timedelta(days=1)):
        day += datetime.timedelta(days=1)
    return day


# ---------------------------------------------------------------------------- actions (AMT)


def action_list(
    ctx: AccessContext,
    *,
    kind: str = "",
    member: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[PreventionAction]:
    """The centre's actions, newest first, filtered by kind, member (name or SIREN), period."""
    qs = PreventionAction.objects.visible_to(ctx)
    if kind:
        qs = qs.filter(kind=kind)
    if member:
        qs = qs.filter(Q(adherent__name__icontains=member) | Q(adherent__siren=member))
    if since:
        qs = qs.filter(performed_on__gte=since)
    if until:
        qs = qs.filter(performed_on__lte=until)
    return qs.select_related("adherent", "establishment", "performed_by").order_by(
        "-performed_on", "-pk"
    )


# What a row of the back office's list shows (actions/backoffice/list.html): a page reads these
# columns only, not the actions' descriptions nor whole rows of their members and staff.
LIST_COLUMNS = (
    "kind",
    "performed_on",
    "duration_minutes",
    "adherent__name",
    "establishment__name",
    "performed_by__first_name",
    "performed_by__last_name",
    "performed_by__email",
)


@dataclass(frozen=True)
class KindTotal:
    """Time spent on one kind of action (SQL aggregate)."""

    kind: str
    label: str
    count: int
    minutes: int

    @property
    def duration_label(self) -> str:
        return minutes_label(self.minutes)


def minutes_label(minutes: int) -> str:
    """90 -> "1 h 30", 45 -> "45 min": a duration as people read it."""
    hours, rest = divmod(int(minutes or 0), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def time_by_kind(actions: QuerySet[PreventionAction]) -> list[KindTotal]:
    """Number of actions and minutes spent, per kind, in one query."""
    rows = (
        actions.order_by()
        .values("kind")
        .annotate(count=Count("pk"), minutes=Sum("duration_minutes"))
        .order_by("kind")
    )
    return [
        KindTotal(row["kind"], Kind(row["kind"]).label, row["count"], row["minutes"] or 0)
        for row in rows
    ]


def matching_members(ctx: AccessContext, search: str, *, limit: int = 10) -> list[Adherent]:
    """Members of the centre whose name or SIREN matches, to open their page of actions."""
    if not search:
        return []
    qs = Adherent.objects.visible_to(ctx).filter(Q(name__icontains=search) | Q(siren=search))
    return list(qs.order_by("name")[:limit])


def actions_of_member(ctx: AccessContext, adherent: Adherent) -> QuerySet[PreventionAction]:
    return (
        PreventionAction.objects.visible_to(ctx)
        .filter(adherent=adherent)
        .select_related("establishment", "performed_by")
        .annotate(document_count=Count("documents"))
        .order_by("-performed_on", "-pk")
    )


def documents_of(action: PreventionAction) -> QuerySet[ActionDocument]:
    """The action's documents (their files live in the documents storage)."""
    return action.documents.select_related("uploaded_by").order_by("uploaded_at", "pk")


def last_primary_action_on(adherent: Adherent, *, today: datetime.date) -> datetime.date | None:
    return (
        PreventionAction.objects.filter(
            adherent=adherent, kind=Kind.PRIMARY_PREVENTION, performed_on__lte=today
        )
        .order_by("-performed_on")
        .values_list("performed_on", flat=True)
        .first()
    )


def primary_action_deadline(
    adherent: Adherent, *, today: datetime.date, years: int
) -> cadence.Deadline:
    """When this member's next primary prevention action is due, with the French reason."""
    if hasattr(adherent, "last_primary_on"):  # annotated by the alerts' queryset
        last_on = adherent.last_primary_on
    else:
        last_on = last_primary_action_on(adherent, today=today)
    return cadence.primary_action_due(last_on, adherent.joined_on, years=years)


def _last_primary(today: datetime.date) -> Case:
    """The member's last primary prevention action on or before `today`: the date the database
    keeps (Adherent.last_primary_action_on, the latest of any date), or, only for a member whose
    latest is after `today`, read from its actions."""
    earlier = (
        PreventionAction.objects.filter(
            adherent=OuterRef("pk"), kind=Kind.PRIMARY_PREVENTION, performed_on__lte=today
        )
        .order_by("-performed_on")
        .values("performed_on")[:1]
    )
    return Case(
        When(last_primary_action_on__gt=today, then=Subquery(earlier)),
        default=F("last_primary_action_on"),
        output_field=DateField(),
    )


def _with_last_primary(qs: QuerySet[Adherent], today: datetime.date) -> QuerySet[Adherent]:
    """Rows carry `last_primary_on` (on or before `today`) and `primary_since`, the date their
    delay runs from: that action, else the joining."""
    return qs.annotate(last_primary_on=_last_primary(today)).annotate(
        primary_since=Coalesce("last_primary_on", "joined_on")
    )


def _with_stored_last_primary(qs: QuerySet[Adherent]) -> QuerySet[Adherent]:
    """The same, from the stored date alone: exact where no member has an action after today;
    `primary_since` is then the expression of adherent_primary_since_idx."""
    return qs.annotate(
        last_primary_on=F("last_primary_action_on"),
        primary_since=Coalesce("last_primary_action_on", "joined_on"),
    )


def _active_members(ctx: AccessContext) -> QuerySet[Adherent]:
    return Adherent.objects.visible_to(ctx).filter(status=Adherent.Status.ACTIVE)


def _primary_cutoff(today: datetime.date, years: int) -> datetime.date:
    """The latest "since" date whose deadline (cadence.primary_action_due) is already past."""
    return latest_past(
        today,
        years,
        lambda day: cadence.is_overdue(cadence.primary_action_due(day, day, years=years), today),
    )


# What a row of the alerts shows (actions/backoffice/indicators.html) and its deadline reads.
ALERT_COLUMNS = ("name", "joined_on", "team__name")


def primary_action_alerts(
    ctx: AccessContext, *, today: datetime.date, years: int
) -> QuerySet[Adherent]:
    """Active members of the centre whose primary prevention action is overdue, oldest first
    (by the date their delay runs from, then name), for keyset pages (spsti.pagination).

    Rows carry `last_primary_on`; the reason comes from `primary_action_deadline`.

    The order is each member's last action on or before `today`, else its joining. Computed per
    member by a subquery on its actions, it made every active member of the centre computed and
    sorted before the first page (213 ms on the large dataset, 390 ms for page 201 by OFFSET).
    The database now keeps each member's latest action date (Adherent.last_primary_action_on,
    triggers of migration prevention 0007, so that every write path, COPY included, keeps it)
    and adherent_primary_since_idx holds the members in the list's order: a page, first or
    deep, walks that index from its key (the scope and the status filtered on the way). A
    one-row-per-member table would have left the member's row untouched, but no index could
    then hold the order (a date of one table, a name of the other).

    That stored date is the latest of any date. Recording an action after today is refused
    (services.record_action), but a past `today` (or rows written below the services) can see
    a member whose latest action is after it. One query looks for a primary action after
    `today` in the scope (a range of amt_kind_order_idx, empty but in such cases); if there is
    one, the list is read as before (the date read from the actions, for those members only),
    sorted rather than walked: exact, not fast.
    """
    cutoff = _primary_cutoff(today, years)
    members = _active_members(ctx)
    # Read in amt_kind_order_idx (kind, date): the few actions after today, if any.
    later = PreventionAction.objects.filter(
        kind=Kind.PRIMARY_PREVENTION, performed_on__gt=today, adherent__in=members
    )
    keyed = (
        _with_last_primary(members, today) if later.exists() else _with_stored_last_primary(members)
    )
    return (
        keyed.filter(primary_since__lte=cutoff)
        .select_related("team")
        .only(*ALERT_COLUMNS)
        .order_by("primary_since", "name", "pk")
    )


@dataclass(frozen=True)
class Share:
    """A count among a population, with its share in percent (None on an empty population)."""

    total: int
    count: int

    @property
    def missing(self) -> int:
        return self.total - self.count

    @property
    def percent(self) -> float | None:
        return round(100 * self.count / self.total, 1) if self.total else None


def primary_action_coverage(ctx: AccessContext, *, today: datetime.date, years: int) -> Share:
    """Active members with a primary prevention action in the last `years` (seed 004)."""
    cutoff = _primary_cutoff(today, years)
    counts = _with_last_primary(_active_members(ctx), today).aggregate(
        total=Count("pk"), count=Count("pk", filter=Q(last_primary_on__gt=cutoff))
    )
    return Share(counts["total"], counts["count"])


def cse_window_start(today: datetime.date) -> datetime.date:
    """The first day of the last 12 months."""
    return add_years(today, -1) + datetime.timedelta(days=1)


def _with_cse_meeting(qs: QuerySet[Adherent], today: datetime.date) -> QuerySet[Adherent]:
    recent = PreventionAction.objects.filter(
        adherent=OuterRef("pk"),
        kind=Kind.CSE_MEETING,
        performed_on__gte=cse_window_start(today),
        performed_on__lte=today,
    )
    last_any = (
        PreventionAction.objects.filter(
            adherent=OuterRef("pk"), kind=Kind.CSE_MEETING, performed_on__lte=today
        )
        .order_by("-performed_on")
        .values("performed_on")[:1]
    )
    return qs.annotate(
        has_recent_cse=Exists(recent),
        last_cse_on=Subquery(last_any, output_field=DateField()),
    )


def cse_participation(ctx: AccessContext, *, today: datetime.date) -> Share:
    """Members with a CSE/CSSCT and, among them, those met in the last 12 months (seed 004)."""
    counts = _with_cse_meeting(_active_members(ctx).filter(has_cse=True), today).aggregate(
        total=Count("pk"), count=Count("pk", filter=Q(has_recent_cse=True))
    )
    return Share(counts["total"], counts["count"])


def cse_without_meeting(ctx: AccessContext, *, today: datetime.date) -> QuerySet[Adherent]:
    """Members with a CSE/CSSCT that no one of the team met in the last 12 months."""
    return (
        _with_cse_meeting(_active_members(ctx).filter(has_cse=True), today)
        .filter(has_recent_cse=False)
        .only("name")
        .order_by("name", "pk")
    )
