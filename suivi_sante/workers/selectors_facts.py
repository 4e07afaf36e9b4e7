"""Monthly figures of the workers for the management dashboards (issue 16): workers followed at
the month's end (the DGT survey's "salariés suivis") and hires declared.

See agenda.selectors_facts for the shared conventions (team, centre, secrecy).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Count, DateField, Exists, F, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from suivi_sante.agenda.selectors_facts import GROUP, cells, month_end, person, scoped, span
from suivi_sante.models import Employment, Worker


def _running_on(day: datetime.date, prefix: str = "") -> Q:
    """An employment held on `day` (its end date is the last day worked)."""
    return Q(**{f"{prefix}start_on__lte": day}) & (
        Q(**{f"{prefix}end_on__isnull": True}) | Q(**{f"{prefix}end_on__gte": day})
    )


def workers_followed_facts(months: Sequence[datetime.date], today: datetime.date) -> list[dict]:
    """Workers (merged duplicates left out) with an employment running on the month's last day,
    or on `today` for the current month: one query, one filtered count per month."""
    ends = {month: min(month_end(month), today) for month in months}
    counts = {
        f"m{index}": Count("pk", distinct=True, filter=_running_on(day, "employments__"))
        for index, day in enumerate(ends.values())
    }
    first, last = span(months)
    rows = (
        Worker.objects.filter(
            Q(employments__end_on__isnull=True) | Q(employments__end_on__gte=first),
            merged_into=None,
            employments__start_on__lte=min(last, today),
        )
        .values(at_center=F("adherent__team__center_id"), at_team=F("adherent__team_id"))
        .annotate(**counts)
        .order_by()
    )
    found = []
    for row in rows:
        for index, month in enumerate(ends):
            # A zero is kept: a stock reads its last month, which must not skip a team.
            found.append(
                {
                    "center_id": row["at_center"],
                    "team_id": row["at_team"],
                    "month": month,
                    "kind": "",
                    "performer": "",
                    "numerator": row[f"m{index}"],
                    "denominator": None,
                }
            )
    return found


def hires_declared_facts(months: Sequence[datetime.date], today: datetime.date) -> list[dict]:
    """Employments starting in the month, per contract."""
    first, last = span(months)
    rows = (
        Employment.objects.filter(start_on__gte=first, start_on__lte=last, worker__merged_into=None)
        .values("contract", **GROUP, month=TruncMonth("start_on", output_field=DateField()))
        .annotate(n=Count("pk"))
        .order_by()
    )
    return cells(rows, months, kind="contract", performer=None)


WORKER_COLUMNS = ("Salarié", "Adhérent", "Centre", "Équipe", "En poste depuis")


def workers_followed_rows(
    *, center_ids, team_ids, start, end, kind, performer, part, show_people
) -> tuple:
    """The workers followed on the period's last day (or today, if sooner), with the start of
    their oldest running employment."""
    day = min(end, timezone.localdate())
    running = Employment.objects.filter(_running_on(day), worker_id=OuterRef("pk"))
    since = running.order_by().values("worker_id").annotate(first=Min("start_on")).values("first")
    qs = scoped(
        Worker.objects.filter(Exists(running), merged_into=None).annotate(
            since=Subquery(since, output_field=DateField())
        ),
        center_ids,
        team_ids,
        worker="",
    )
    qs = qs.select_related("adherent__team__center").order_by(
        "adherent__name", "last_name", "first_name", "pk"
    )

    def row(worker: Worker) -> tuple:
        return (
            person(worker.last_name, worker.first_name, show_people),
            worker.adherent.name,
            worker.adherent.team.center.name,
            worker.adherent.team.name,
            worker.since,
        )

    return WORKER_COLUMNS, qs, row


HIRE_COLUMNS = ("Salarié", "Adhérent", "Centre", "Équipe", "Contrat", "Poste", "Embauche le")


def hires_declared_rows(
    *, center_ids, team_ids, start, end, kind, performer, part, show_people
) -> tuple:
    qs = scoped(
        Employment.objects.filter(start_on__gte=start, start_on__lte=end, worker__merged_into=None),
        center_ids,
        team_ids,
    )
    if kind:
        qs = qs.filter(contract=kind)
    # By hire date then id, the order of employment_start_idx (walked to the page).
    qs = qs.select_related("worker__adherent__team__center").order_by("start_on", "pk")

    def row(hire: Employment) -> tuple:
        adherent = hire.worker.adherent
        return (
            person(hire.worker.last_name, hire.worker.first_name, show_people),
            adherent.name,
            adherent.team.center.name,
            adherent.team.name,
            hire.get_contract_display(),
            hire.job_title,
            hire.start_on,
        )

    return HIRE_COLUMNS, qs, row
