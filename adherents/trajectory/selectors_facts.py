"""Monthly facts of the member trajectory (issue 16): new members contacted within the target
delay (seed 002: 45 % never contacted). Plain data for the dashboards, one grouped query.

The same definition as the trajectory board (selectors.contact_indicator, rules.trajectory):
memberships validated in the month (the welcome call's joined_on: a former member who came
back counts once per membership); numerator: welcome call done on or before
its due date (validation + the step's target delay, 15 days by default, set by the service);
denominator: welcome call done, or still open after its due date. An open call not yet due and
a call marked "sans objet" are left out.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, DateField, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from adherents.members.selectors_facts import in_scope
from adherents.models import StepStatus, TrajectoryStep
from adherents.rules import facts
from adherents.trajectory.selectors import WELCOME_CALL


def _welcome_calls() -> QuerySet[TrajectoryStep]:
    return TrajectoryStep.objects.filter(definition__code=WELCOME_CALL, cycle_year__isnull=True)


def _in_time() -> Q:
    return Q(status=StepStatus.DONE, done_on__lte=F("due_on"))


def _counted(today: datetime.date) -> Q:
    return Q(status=StepStatus.DONE) | Q(status=StepStatus.TODO, due_on__lt=today)


def new_member_contact_facts(months, today):
    rows = (
        _welcome_calls()
        .filter(
            joined_on__gte=months[0],
            joined_on__lte=facts.month_end(months[-1]),
        )
        .annotate(month=TruncMonth("joined_on", output_field=DateField()))
        .order_by()
        .values("adherent__team__center_id", "adherent__team_id", "month")
        .annotate(
            num=Count("pk", filter=_in_time()),
            den=Count("pk", filter=_counted(today)),
        )
    )
    return [
        {
            "center_id": r["adherent__team__center_id"],
            "team_id": r["adherent__team_id"],
            "month": r["month"],
            "kind": "",
            "performer": "",
            "numerator": r["num"],
            "denominator": r["den"],
        }
        for r in rows
        if r["den"]
    ]


def new_member_contact_rows(
    *, center_ids, team_ids, start, end, kind, performer, part, show_people
):
    """The welcome calls of the members validated in [start, end]: made in time (num), late or
    missed (rest), or both (all)."""
    today = timezone.localdate()
    qs = in_scope(_welcome_calls(), center_ids, team_ids, "adherent__").filter(
        joined_on__gte=start, joined_on__lte=end
    )
    if part == "num":
        qs = qs.filter(_in_time())
    elif part == "rest":
        qs = qs.filter(_counted(today)).exclude(_in_time())
    else:
        qs = qs.filter(_counted(today))
    columns = ["Adhérent", "Équipe", "Adhésion", "Appel dû le", "Fait le", "Statut"]

    def row(step: TrajectoryStep) -> tuple:
        return (
            step.adherent.name,
            step.adherent.team.name,
            step.joined_on,
            step.due_on,
            step.done_on or "",
            step.get_status_display(),
        )

    ordered = qs.select_related("adherent__team").order_by("due_on", "adherent__name", "pk")
    return columns, ordered, row
