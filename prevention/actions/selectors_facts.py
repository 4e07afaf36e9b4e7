"""Monthly facts of the actions in the workplace (AMT; issue 16, seed 004, DGT). Plain data for
the dashboards (their contract: dashboards.facts.selectors_sources), grouped queries.

- primary_action_4y: members in membership on the reading day whose last primary prevention
  action is not overdue (one every SPSTI_PRIMARY_ACTION_YEARS, rules.cadence.primary_action_due,
  the definition of selectors.primary_action_coverage), over the members;
- actions_made: actions carried out in the month, per kind ("AMT by type" of the DGT survey).
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, DateField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth

from adherents.members.selectors_facts import in_membership_on, in_scope, left_on, spans
from adherents.models import Adherent
from adherents.rules import facts
from prevention.actions.selectors import latest_past
from prevention.models import PreventionAction
from prevention.rules import cadence

PRIMARY = PreventionAction.Kind.PRIMARY_PREVENTION


def _years() -> int:
    return settings.SPSTI_PRIMARY_ACTION_YEARS


def primary_cutoff(day, years: int):
    """The latest day of a last action that is overdue on `day` (later ones are not)."""
    return latest_past(
        day,
        years,
        lambda since: cadence.is_overdue(
            cadence.primary_action_due(since, since, years=years), day
        ),
    )


def primary_action_4y_facts(months, today):
    days = facts.reading_days(months, today)
    years = _years()
    cutoffs = [primary_cutoff(day, years) for day in days]
    rows = (
        PreventionAction.objects.filter(
            kind=PRIMARY, performed_on__gt=cutoffs[0], performed_on__lte=days[-1]
        )
        .order_by()
        .values_list("adherent_id", "performed_on")
        .distinct()
    )
    done: dict[int, list] = defaultdict(list)
    for adherent_id, day in rows.iterator(chunk_size=5000):
        done[adherent_id].append(day)
    for dates in done.values():
        dates.sort()
    cells = facts.Cells(ratio=True)
    for span in spans(since=days[0], until=days[-1]):
        dates = done.get(span.adherent_id, [])
        for i in facts.covered(days, span.joined_on, span.left_on):
            last = facts.latest_on_or_before(dates, days[i])
            recent = last is not None and last > cutoffs[i]
            cells.add(span.center_id, span.team_id, months[i], num=int(recent), den=1)
    return cells.rows()


def primary_action_4y_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """Members on `end` with the day of their last primary prevention action by then."""
    cutoff = primary_cutoff(end, _years())
    last = (
        PreventionAction.objects.filter(
            adherent=OuterRef("pk"), kind=PRIMARY, performed_on__lte=end
        )
        .order_by()
        .values("adherent")
        .annotate(d=Max("performed_on"))
        .values("d")[:1]
    )
    qs = (
        in_scope(Adherent.objects.annotate(left_on=left_on()), center_ids, team_ids)
        .filter(in_membership_on(end))
        .annotate(last_primary_on=Subquery(last, output_field=DateField()))
        .select_related("team")
    )
    if part == "num":
        qs = qs.filter(last_primary_on__gt=cutoff)
    elif part == "rest":
        qs = qs.filter(Q(last_primary_on__isnull=True) | Q(last_primary_on__lte=cutoff))
    columns = ["Adhérent", "SIREN", "Équipe", "Adhésion", "Dernière action primaire le"]

    def row(m: Adherent) -> tuple:
        return (m.name, m.siren, m.team.name, m.joined_on, m.last_primary_on or "")

    return columns, qs.order_by("name", "pk"), row


# --------------------------------------------------------------------------- actions_made


def actions_made_facts(months, today):
    rows = (
        PreventionAction.objects.filter(
            performed_on__gte=months[0], performed_on__lte=facts.month_end(months[-1])
        )
        .annotate(month=TruncMonth("performed_on", output_field=DateField()))
        .order_by()
        .values("adherent__team__center_id", "adherent__team_id", "month", "kind")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "center_id": r["adherent__team__center_id"],
            "team_id": r["adherent__team_id"],
            "month": r["month"],
            "kind": r["kind"],
            "performer": "",
            "numerator": r["n"],
            "denominator": None,
        }
        for r in rows
    ]


def actions_made_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """The actions carried out in [start, end] (never their description)."""
    qs: QuerySet[PreventionAction] = in_scope(
        PreventionAction.objects, center_ids, team_ids, "adherent__"
    ).filter(performed_on__gte=start, performed_on__lte=end)
    if kind:
        qs = qs.filter(kind=kind)
    columns = ["Réalisée le", "Type d'action", "Adhérent", "Équipe", "Durée (minutes)"]

    def row(a: PreventionAction) -> tuple:
        return (a.performed_on, a.get_kind_display(), a.adherent.name, a.adherent.team.name,
                a.duration_minutes)  # fmt: skip

    ordered = qs.select_related("adherent__team").order_by("performed_on", "pk")
    return columns, ordered, row
