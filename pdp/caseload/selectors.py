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
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.enums import StaffRole
from accounts.models import StaffAssignment, User
from pdp.caseload.models import CellFunction
from pdp.models import CellMember, PdpCase, PlanAction
from pdp.rules import caseload as load_rules
from pdp.rules import cases as rules


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


def _count(queryset) -> Subquery:
    return Coalesce(
        Subquery(queryset.order_by().values("n")[:1], output_field=IntegerField()), Value(0)
    )


def member_loads(center_id: int, today: datetime.date) -> list[CellMember]:
    """Each active member with `open_count`, `late_count` and `level` (ok/warning/saturated),
    in one query (correlated counts, no N+1)."""
    open_cases = (
        PdpCase.objects.filter(center_id=center_id, owner_id=OuterRef("user_id"))
        .exclude(status=rules.CLOSED)
        .values("owner_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    late = (
        PlanAction.objects.filter(
            case__center_id=center_id,
            owner_id=OuterRef("user_id"),
            done_on__isnull=True,
            due_on__lt=today,
        )
        .values("owner_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    members = list(
        CellMember.objects.active()
        .filter(center_id=center_id)
        .select_related("user")
        .annotate(open_count=_count(open_cases), late_count=_count(late))
        .order_by("user__last_name", "user__first_name")
    )
    for member in members:
        member.level = load_rules.load_level(member.open_count, member.saturation_threshold)
    return members


@dataclass(frozen=True)
class CenterLoad:
    open_count: int
    unassigned_count: int
    new_this_week: int
    new_last_week: int
    median_days_to_contact: float | None
    late_actions: int


def center_load(center_id: int, today: datetime.date) -> CenterLoad:
    """The centre's figures: open and unassigned cases, new referrals this week and the one
    before, median delay from referral to first contact (last 90 days), late actions."""
    monday = today - datetime.timedelta(days=today.weekday())
    cases = PdpCase.objects.filter(center_id=center_id)
    figures = cases.aggregate(
        open_count=Count("pk", filter=~Q(status=rules.CLOSED)),
        unassigned_count=Count("pk", filter=~Q(status=rules.CLOSED) & Q(owner__isnull=True)),
        new_this_week=Count("pk", filter=Q(received_on__gte=monday)),
        new_last_week=Count(
            "pk",
            filter=Q(received_on__gte=monday - datetime.timedelta(days=7), received_on__lt=monday),
        ),
    )
    delay = cases.filter(
        first_contact_on__isnull=False,
        received_on__gte=today - datetime.timedelta(days=90),
    ).aggregate(m=Median(delay_days()))
    late = PlanAction.objects.filter(
        case__center_id=center_id, done_on__isnull=True, due_on__lt=today
    ).count()
    return CenterLoad(**figures, median_days_to_contact=delay["m"], late_actions=late)


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
