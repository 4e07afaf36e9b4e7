"""Reads of the member trajectory (seed 002): a member's steps, overdue steps, the team board
and the indicator "new members contacted within the target delay" (reused by dashboards)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)

from accounts.context import AccessContext
from accounts.enums import UserKind
from accounts.models import StaffAssignment, Team
from accounts.roles import STAFF_ROLE_PERMISSIONS
from adherents.models import (
    Adherent,
    StepStatus,
    TrajectoryStep,
    TrajectoryStepDefinition,
    TrajectoryTrack,
)
from adherents.rules import trajectory as rules

MANAGE = "adherents.trajectory:manage"
WELCOME_CALL = "welcome_call"  # the step behind the contact indicator (seed 002: 45 % missed)
DIGEST_MAX_ROWS = 50  # per e-mail; the rest is in the back-office list


def _followed(qs: QuerySet[TrajectoryStep]) -> QuerySet[TrajectoryStep]:
    """A struck-off member's steps are moot: left out of lists, board and digests."""
    return qs.exclude(adherent__status=Adherent.Status.ENDED)


def member_steps(adherent: Adherent) -> list[TrajectoryStep]:
    """The member's steps: the new-member track (the current membership's, then those of its
    earlier memberships for a former member who came back), then each yearly cycle, in the set
    order."""
    return list(
        TrajectoryStep.objects.filter(adherent=adherent)
        .select_related("definition", "done_by")
        .order_by(
            F("cycle_year").asc(nulls_first=True),
            F("joined_on").desc(nulls_last=True),
            "definition__order",
            "due_on",
            "pk",
        )
    )


def scope_team_ids(ctx: AccessContext) -> frozenset[int]:
    """The teams whose overdue steps this staff member follows (rules.scope_team_ids)."""
    return rules.scope_team_ids(ctx.own_team_ids, ctx.team_ids, whole_centre=ctx.has_perm(MANAGE))


def overdue_steps(
    ctx: AccessContext,
    *,
    today: datetime.date,
    team_id: int | None = None,
    roles: Iterable[str] | None = None,
    definition_id: int | None = None,
) -> QuerySet[TrajectoryStep]:
    """Open steps past due in the teams the user follows, oldest first (roles None: all)."""
    teams = scope_team_ids(ctx)
    if team_id is not None:
        teams = teams & {team_id}
    qs = _followed(
        TrajectoryStep.objects.visible_to(ctx).filter(
            status=StepStatus.TODO, due_on__lt=today, adherent__team_id__in=teams
        )
    )
    if roles is not None:
        qs = qs.filter(definition__owner_role__in=list(roles))
    if definition_id is not None:
        qs = qs.filter(definition_id=definition_id)
    return qs.select_related("adherent__team", "definition").order_by("due_on", "pk")


def definitions(track: str | None = None) -> QuerySet[TrajectoryStepDefinition]:
    qs = TrajectoryStepDefinition.objects.all()
    if track:
        qs = qs.filter(track=track)
    return qs.order_by("track", "order", "pk")


# --------------------------------------------------------------------------------- the board


def _days_late(today: datetime.date) -> Func:
    """today - due_on, in days (PostgreSQL's date difference is an integer)."""
    return Func(
        Value(today), F("due_on"), template="(%(expressions)s)", arg_joiner=" - ",
        output_field=IntegerField(),
    )  # fmt: skip


@dataclass
class TeamBoard:
    team: Team
    at_step: list[int]  # members whose first open step is each definition (board's columns)
    waiting: int = 0  # new members with an open step
    overdue: int = 0  # open steps past due, both tracks
    late_days: int = 0
    contact: rules.Share = field(default_factory=lambda: rules.Share(0, 0))

    @property
    def average_lateness(self) -> Decimal | None:
        return rules.average_days(self.late_days, self.overdue)


@dataclass
class Board:
    definitions: list[TrajectoryStepDefinition]
    teams: list[TeamBoard]
    total: TeamBoard


def _first_open_counts(team_ids: frozenset[int]) -> dict[tuple[int, int], int]:
    """(team, definition) -> new members whose first open step (set order) is that one."""
    open_new = TrajectoryStep.objects.filter(status=StepStatus.TODO, cycle_year__isnull=True)
    earlier = open_new.filter(adherent_id=OuterRef("adherent_id")).filter(
        Q(definition__order__lt=OuterRef("definition__order"))
        | Q(
            definition__order=OuterRef("definition__order"),
            definition_id__lt=OuterRef("definition_id"),
        )
    )
    rows = (
        _followed(open_new.filter(adherent__team_id__in=team_ids))
        .filter(~Exists(earlier))
        .values("adherent__team_id", "definition_id")
        .annotate(members=Count("pk"))
        .order_by()
    )
    return {(r["adherent__team_id"], r["definition_id"]): r["members"] for r in rows}


def _overdue_totals(team_ids: frozenset[int], today: datetime.date) -> dict[int, tuple[int, int]]:
    """team -> (open steps past due, their summed lateness in days)."""
    rows = (
        _followed(
            TrajectoryStep.objects.filter(
                status=StepStatus.TODO, due_on__lt=today, adherent__team_id__in=team_ids
            )
        )
        .values("adherent__team_id")
        .annotate(steps=Count("pk"), days=Sum(_days_late(today)))
        .order_by()
    )
    return {r["adherent__team_id"]: (r["steps"], r["days"] or 0) for r in rows}


def board(
    ctx: AccessContext,
    *,
    today: datetime.date,
    date_from: datetime.date,
    date_to: datetime.date,
) -> Board:
    """Per team of the centre: where new members stand, what is late, the contact indicator
    for members validated in [date_from, date_to] (5 queries, whatever the centre's size)."""
    teams = list(Team.objects.filter(pk__in=ctx.team_ids).order_by("name"))
    counts = _first_open_counts(ctx.team_ids)
    used = {definition_id for (_, definition_id) in counts}
    # A step no longer offered keeps its column while members still stand at it.
    columns = [d for d in definitions(TrajectoryTrack.NEW) if d.is_active or d.pk in used]
    late = _overdue_totals(ctx.team_ids, today)
    contact = contact_indicator(ctx.team_ids, date_from=date_from, date_to=date_to, today=today)
    rows = []
    for team in teams:
        at_step = [counts.get((team.pk, d.pk), 0) for d in columns]
        overdue, days = late.get(team.pk, (0, 0))
        rows.append(
            TeamBoard(
                team=team,
                at_step=at_step,
                waiting=sum(at_step),
                overdue=overdue,
                late_days=days,
                contact=contact.by_team.get(team.pk, rules.Share(0, 0)),
            )
        )
    total = TeamBoard(
        team=None,
        at_step=[sum(r.at_step[i] for r in rows) for i in range(len(columns))],
        waiting=sum(r.waiting for r in rows),
        overdue=sum(r.overdue for r in rows),
        late_days=sum(r.late_days for r in rows),
        contact=contact.total,
    )
    return Board(definitions=columns, teams=rows, total=total)


# ----------------------------------------------------------------------------- the indicator


@dataclass(frozen=True)
class ContactIndicator:
    by_team: dict[int, rules.Share]
    total: rules.Share


def contact_indicator(
    team_ids: Iterable[int],
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    today: datetime.date,
) -> ContactIndicator:
    """New members contacted within the target delay (regles-sst.md §10, seed 002), by team.

    Memberships validated (the step's joined_on: a former member who came back counts once per
    membership) in [date_from, date_to]; numerator: welcome call done
    on or before its due date; denominator: welcome call done, or open past its due date
    (rules.contacted_in_time and rules.counts_in_contact_indicator, which this query mirrors).
    One query.
    """
    rows = (
        TrajectoryStep.objects.filter(
            definition__code=WELCOME_CALL,
            cycle_year__isnull=True,
            adherent__team_id__in=list(team_ids),
            joined_on__gte=date_from,
            joined_on__lte=date_to,
        )
        .values("adherent__team_id")
        .annotate(
            numerator=Count("pk", filter=Q(status=StepStatus.DONE, done_on__lte=F("due_on"))),
            denominator=Count(
                "pk",
                filter=Q(status=StepStatus.DONE) | Q(status=StepStatus.TODO, due_on__lt=today),
            ),
        )
        .order_by()
    )
    by_team = {r["adherent__team_id"]: rules.Share(r["numerator"], r["denominator"]) for r in rows}
    return ContactIndicator(
        by_team=by_team,
        total=rules.Share(
            sum(s.numerator for s in by_team.values()),
            sum(s.denominator for s in by_team.values()),
        ),
    )


# ------------------------------------------------------------------------------ the digest


@dataclass
class DigestRecipient:
    user_id: int
    email: str
    scopes: set[tuple[int, str]] = field(default_factory=set)  # (team, owner role)


def digest_recipients() -> dict[int, DigestRecipient]:
    """Staff in post, each with the (team, role) pairs it follows: in each centre, its roles on
    the teams rules.scope_team_ids gives (2 queries)."""
    rows = list(
        StaffAssignment.objects.filter(
            ended_on__isnull=True, user__is_active=True, user__kind=UserKind.STAFF
        )
        .exclude(user__email="")
        .values_list("user_id", "user__email", "center_id", "team_id", "role")
    )
    centre_teams: dict[int, set[int]] = {}
    for team_id, center_id in Team.objects.filter(center_id__in={r[2] for r in rows}).values_list(
        "pk", "center_id"
    ):
        centre_teams.setdefault(center_id, set()).add(team_id)
    per_centre: dict[tuple[int, int], tuple[set[int], set[str]]] = {}
    emails: dict[int, str] = {}
    for user_id, email, center_id, team_id, role in rows:
        emails[user_id] = email
        own, roles = per_centre.setdefault((user_id, center_id), (set(), set()))
        if team_id:
            own.add(team_id)
        roles.add(role)
    recipients: dict[int, DigestRecipient] = {}
    for (user_id, center_id), (own, roles) in per_centre.items():
        whole = any(MANAGE in STAFF_ROLE_PERMISSIONS[r] for r in roles)
        teams = rules.scope_team_ids(own, centre_teams.get(center_id, set()), whole_centre=whole)
        recipient = recipients.setdefault(user_id, DigestRecipient(user_id, emails[user_id]))
        recipient.scopes |= {(t, r) for t in teams for r in roles}
    return {k: v for k, v in recipients.items() if v.scopes}


@dataclass(frozen=True)
class DigestLine:
    step_id: int
    adherent_id: int
    adherent_name: str
    label: str
    due_on: datetime.date
    days_late: int


def overdue_by_scope(
    scopes: set[tuple[int, str]], *, today: datetime.date, limit: int = DIGEST_MAX_ROWS
) -> tuple[dict[tuple[int, str], list[DigestLine]], dict[tuple[int, str], int]]:
    """Overdue open steps per (team, owner role), oldest first, at most `limit` lines kept per
    pair, plus each pair's full count (one streamed query)."""
    lines: dict[tuple[int, str], list[DigestLine]] = {}
    counts: dict[tuple[int, str], int] = {}
    if not scopes:
        return lines, counts
    rows = (
        _followed(
            TrajectoryStep.objects.filter(
                status=StepStatus.TODO,
                due_on__lt=today,
                adherent__team_id__in={t for t, _ in scopes},
                definition__owner_role__in={r for _, r in scopes},
            )
        )
        .order_by("due_on", "pk")
        .values_list(
            "pk",
            "adherent_id",
            "adherent__name",
            "adherent__team_id",
            "definition__label",
            "definition__owner_role",
            "due_on",
        )  # fmt: skip
    )
    for pk, adherent_id, name, team_id, label, role, due_on in rows.iterator(chunk_size=2000):
        key = (team_id, role)
        if key not in scopes:
            continue
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= limit:
            days = rules.lateness_days(due_on, today=today)
            lines.setdefault(key, []).append(DigestLine(pk, adherent_id, name, label, due_on, days))
    return lines, counts
