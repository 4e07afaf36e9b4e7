"""Reads of the cell: its members and their load, the centre's weekly figures (the management
indicators are in selectors_facts)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Aggregate,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
)

from accounts.enums import StaffRole
from accounts.models import StaffAssignment, User
from pdp.caseload.models import CellFunction
from pdp.models import CellMember, OpenCaseCount, PdpCase, PlanAction
from pdp.rules import caseload as load_rules


def cell_users(center_id: int) -> QuerySet[User]:
    """The active members of a centre's cell (action owners, review attendees)."""
    return User.objects.filter(
        pdp_cell_memberships__center_id=center_id, pdp_cell_memberships__ended_on__isnull=True
    ).order_by("last_name", "first_name")


def delay_days() -> Func:
    """Days from referral to first contact (PostgreSQL: date - date is a whole number)."""
    return Func(
        F("first_contact_on"),
        F("received_on"),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=IntegerField(),
    )


class Median(Aggregate):
    """PostgreSQL's median of a numeric expression."""

    function = None
    template = "percentile_cont(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _by_owner(queryset) -> dict[int | None, int]:
    """Rows of `queryset` per owner, in one grouped query (count(*): the index alone answers)."""
    return dict(
        queryset.order_by().values("owner_id").annotate(n=Count("*")).values_list("owner_id", "n")
    )


def _open_by_owner(center_id: int) -> dict[int | None, int]:
    """The centre's open cases per owner (None: unassigned): the count the database keeps
    with every write to the cases (OpenCaseCount), a few rows instead of every open case."""
    return dict(
        OpenCaseCount.objects.filter(center_id=center_id).values_list("owner_id", "open_count")
    )


def _late_by_owner(center_id: int, today: datetime.date) -> dict[int | None, int]:
    """The centre's plan actions not done past their due date, per owner."""
    return _by_owner(
        PlanAction.objects.filter(case__center_id=center_id, done_on__isnull=True, due_on__lt=today)
    )


def _members(center_id: int, open_by_owner: dict, late_by_owner: dict) -> list[CellMember]:
    members = list(
        CellMember.objects.active()
        .filter(center_id=center_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    for member in members:
        member.open_count = open_by_owner.get(member.user_id, 0)
        member.late_count = late_by_owner.get(member.user_id, 0)
        member.level = load_rules.load_level(member.open_count, member.saturation_threshold)
    return members


def member_loads(center_id: int, today: datetime.date) -> list[CellMember]:
    """Each active member with `open_count`, `late_count` and `level` (ok/warning/saturated),
    in three queries whatever the number of members (counts grouped per owner, no N+1)."""
    return _members(center_id, _open_by_owner(center_id), _late_by_owner(center_id, today))


@dataclass(frozen=True)
class CenterLoad:
    open_count: int
    unassigned_count: int
    new_this_week: int
    new_last_week: int
    median_days_to_contact: float | None
    late_actions: int


def caseload(center_id: int, today: datetime.date) -> tuple[list[CellMember], CenterLoad]:
    """The members' loads (as member_loads) and the centre's figures: open and unassigned
    cases, new referrals this week and the one before, median delay from referral to first
    contact (last 90 days), late actions. Four queries: the centre's figures are the sums of
    the members' grouped counts, and the weeks and the median read only the last 90 days."""
    monday = today - datetime.timedelta(days=today.weekday())
    open_by_owner = _open_by_owner(center_id)
    late_by_owner = _late_by_owner(center_id, today)
    since = today - datetime.timedelta(days=90)  # before the week before this one
    recent = PdpCase.objects.filter(center_id=center_id, received_on__gte=since).aggregate(
        new_this_week=Count("received_on", filter=Q(received_on__gte=monday)),
        new_last_week=Count(
            "received_on",
            filter=Q(received_on__gte=monday - datetime.timedelta(days=7), received_on__lt=monday),
        ),
        median_days_to_contact=Median(delay_days(), filter=Q(first_contact_on__isnull=False)),
    )
    load = CenterLoad(
        open_count=sum(open_by_owner.values()),
        unassigned_count=open_by_owner.get(None, 0),
        late_actions=sum(late_by_owner.values()),
        **recent,
    )
    return _members(center_id, open_by_owner, late_by_owner), load


# The management indicators (referrals by source, days to first contact, outcomes at six
# months, open cases, measures) are monthly facts: pdp.caseload.selectors_facts.


# --- the cell's members (set up by its coordinator or the centre's management) ---------------

# The staff roles that sit in the cell, with the function they hold there.
ROLE_FUNCTIONS: dict[str, str] = {
    StaffRole.PHYSICIAN: CellFunction.PHYSICIAN,
    StaffRole.NURSE: CellFunction.NURSE,
    StaffRole.SOCIAL_WORKER: CellFunction.SOCIAL_WORKER,
    StaffRole.JOB_RETENTION_OFFICER: CellFunction.JOB_RETENTION_OFFICER,
    StaffRole.ERGONOMIST: CellFunction.ERGONOMIST,
    StaffRole.PSYCHOLOGIST: CellFunction.PSYCHOLOGIST,
    StaffRole.MEDICAL_SECRETARY: CellFunction.SECRETARY,
}


def eligible_assignments(center_id: int) -> QuerySet[StaffAssignment]:
    """The centre's staff holding a role of the cell and not yet in it (one query)."""
    in_cell = CellMember.objects.active().filter(center_id=center_id, user_id=OuterRef("user_id"))
    return (
        StaffAssignment.objects.filter(
            center_id=center_id, ended_on__isnull=True, role__in=list(ROLE_FUNCTIONS)
        )
        .exclude(Exists(in_cell))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "role")
    )
