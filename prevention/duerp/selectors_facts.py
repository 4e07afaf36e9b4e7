"""Monthly facts of the DUERP (issue 16; seed 004: 6.7 % of members accompanied in 2021, 14 % with
a DUERP date). Plain data for the dashboards, a few grouped queries.

Member companies in membership on each reading day (a self-employed member has no DUERP to
write), the definitions of selectors.duerp_indicators:
- duerp_support: accompanied in the ACCOMPANIED_WINDOW_YEARS (1) before the reading day: a
  staff member added or changed a risk or an action of its workspace (audit trail), or the team
  recorded a "DUERP support" action;
- duerp_dated: a version of its DUERP published on or before the reading day.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.apps import apps
from django.db.models import Exists, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncDate

from adherents.members.selectors_facts import (
    between,
    in_membership_on,
    in_scope,
    left_on,
    spans,
    start_of,
)
from adherents.models import Adherent
from adherents.rules import facts
from prevention.duerp.selectors import ACCOMPANIED_WINDOW_YEARS
from prevention.models import DuerpVersion, PreventionAction
from prevention.rules.dates import add_years

COMPANY = Adherent.Kind.COMPANY
SUPPORT = PreventionAction.Kind.DUERP_SUPPORT
EDIT_EVENTS = ("DuerpRiskEvent", "DuerpActionEvent")


def _window_start(day: datetime.date) -> datetime.date:
    return add_years(day, -ACCOMPANIED_WINDOW_YEARS)


def _support_days(since: datetime.date, until: datetime.date) -> dict[int, list]:
    """Member -> sorted days it was accompanied (support actions, staff edits): 3 queries."""
    found: dict[int, set] = defaultdict(set)
    actions = PreventionAction.objects.filter(
        kind=SUPPORT, performed_on__gte=since, performed_on__lte=until
    )
    for adherent_id, day in actions.order_by().values_list("adherent_id", "performed_on"):
        found[adherent_id].add(day)
    for name in EDIT_EVENTS:
        events = between(
            apps.get_model("prevention", name).objects.filter(
                pgh_context__metadata__audience="staff"
            ),
            "pgh_created_at",
            since,
            until,
        )
        rows = (
            events.annotate(day=TruncDate("pgh_created_at"))
            .order_by()
            .values_list("duerp__adherent_id", "day")
            .distinct()
        )
        for adherent_id, day in rows.iterator(chunk_size=5000):
            found[adherent_id].add(day)
    return {k: sorted(v) for k, v in found.items()}


def duerp_support_facts(months, today):
    days = facts.reading_days(months, today)
    helped = _support_days(_window_start(days[0]), days[-1])
    cells = facts.Cells(ratio=True)
    for span in spans(since=days[0], until=days[-1], kind=COMPANY):
        dates = helped.get(span.adherent_id, [])
        for i in facts.covered(days, span.joined_on, span.left_on):
            last = facts.latest_on_or_before(dates, days[i])
            yes = last is not None and last >= _window_start(days[i])
            cells.add(span.center_id, span.team_id, months[i], num=int(yes), den=1)
    return cells.rows()


def duerp_dated_facts(months, today):
    days = facts.reading_days(months, today)
    first = dict(
        DuerpVersion.objects.filter(published_at__lt=start_of(days[-1] + datetime.timedelta(1)))
        .order_by()
        .values("duerp__adherent_id")
        .annotate(first=Min(TruncDate("published_at")))
        .values_list("duerp__adherent_id", "first")
    )
    cells = facts.Cells(ratio=True)
    for span in spans(since=days[0], until=days[-1], kind=COMPANY):
        published = first.get(span.adherent_id)
        for i in facts.covered(days, span.joined_on, span.left_on):
            yes = published is not None and published <= days[i]
            cells.add(span.center_id, span.team_id, months[i], num=int(yes), den=1)
    return cells.rows()


# -------------------------------------------------------------------------------- drills


def _members_on(center_ids, team_ids, end) -> QuerySet[Adherent]:
    qs = Adherent.objects.filter(kind=COMPANY).annotate(left_on=left_on())
    return in_scope(qs, center_ids, team_ids).filter(in_membership_on(end)).select_related("team")


def _part(qs: QuerySet, flag: str, part: str) -> QuerySet:
    if part == "num":
        return qs.filter(**{flag: True})
    if part == "rest":
        return qs.filter(**{flag: False})
    return qs


def duerp_support_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    since = _window_start(end)
    support = PreventionAction.objects.filter(
        adherent=OuterRef("pk"), kind=SUPPORT, performed_on__gte=since, performed_on__lte=end
    )
    helped = Exists(support)
    for name in EDIT_EVENTS:
        events = apps.get_model("prevention", name).objects.filter(
            duerp__adherent=OuterRef("pk"), pgh_context__metadata__audience="staff"
        )
        helped |= Exists(between(events, "pgh_created_at", since, end))
    qs = _part(_members_on(center_ids, team_ids, end).annotate(helped=helped), "helped", part)
    columns = ["Adhérent", "SIREN", "Équipe", "Adhésion", "Accompagné sur 12 mois"]

    def row(m: Adherent) -> tuple:
        return (m.name, m.siren, m.team.name, m.joined_on, "oui" if m.helped else "non")

    return columns, qs.order_by("name", "pk"), row


def duerp_dated_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    versions = DuerpVersion.objects.filter(
        duerp__adherent=OuterRef("pk"), published_at__lt=start_of(end + datetime.timedelta(1))
    )
    first = (
        versions.order_by().values("duerp__adherent").annotate(d=Min("published_at")).values("d")
    )
    qs = _members_on(center_ids, team_ids, end).annotate(
        dated=Exists(versions), first_published=TruncDate(Subquery(first[:1]))
    )
    qs = _part(qs, "dated", part)
    columns = ["Adhérent", "SIREN", "Équipe", "Adhésion", "Premier DUERP publié le"]

    def row(m: Adherent) -> tuple:
        return (m.name, m.siren, m.team.name, m.joined_on, m.first_published or "")

    return columns, qs.order_by("name", "pk"), row
