"""Monthly facts of membership (issue 16): members in membership, joined, struck off, and the
establishments followed. Plain data for the dashboards (their contract: compute(months, today)
and drill(...), see dashboards.facts.selectors_sources); a few grouped queries for every centre.

The day a member was struck off is its `ended_on`, set by the end of membership (and, for
members struck off before the field existed, from their audit trail by migration adherents
0022). Before, it was read at each computation in the trail, as the first record of the last run
of "Radié" records: a membership ended on 30 November but recorded on 7 December counted from the
7th, and every computation read the trail of every member. A member that left and came back is
counted from its last joining date only (its `ended_on` is cleared when it comes back).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Count,
    DateField,
    F,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from adherents.models import Adherent, Establishment
from adherents.rules import facts

ENDED = Adherent.Status.ENDED


def left_on(prefix: str = "") -> F:
    """The day the member (`prefix` leads to it, e.g. "adherent__") was struck off, or None
    (the database checks that a struck-off member has it, and only such a member)."""
    return F(f"{prefix}ended_on")


def in_membership_on(day: datetime.date, prefix: str = "") -> Q:
    """Members on `day` (rules.facts.in_membership); the queryset carries `left_on`."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (Q(left_on__isnull=True) | Q(left_on__gt=day))


@dataclass(frozen=True)
class Span:
    adherent_id: int
    team_id: int
    center_id: int
    kind: str
    joined_on: datetime.date
    left_on: datetime.date | None


def spans(*, since: datetime.date, until: datetime.date, kind: str | None = None) -> list[Span]:
    """Every member in membership on some day of [since, until], whatever its centre (1 query)."""
    qs = Adherent.objects.filter(joined_on__lte=until).annotate(left_on=left_on())
    qs = qs.filter(Q(left_on__isnull=True) | Q(left_on__gt=since))
    if kind:
        qs = qs.filter(kind=kind)
    rows = qs.order_by().values_list(
        "pk", "team_id", "team__center_id", "kind", "joined_on", "left_on"
    )
    return [Span(*row) for row in rows.iterator(chunk_size=5000)]


def start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in the service's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def between(qs: QuerySet, field: str, first: datetime.date, last: datetime.date) -> QuerySet:
    """Rows whose moment `field` falls on a day of [first, last]."""
    return qs.filter(
        **{
            f"{field}__gte": start_of(first),
            f"{field}__lt": start_of(last + datetime.timedelta(days=1)),
        }
    )


def in_scope(qs: QuerySet, center_ids, team_ids, prefix: str = "") -> QuerySet:
    """Rows of the members followed by the centres (and teams, unless None) asked."""
    qs = qs.filter(**{f"{prefix}team__center_id__in": list(center_ids)})
    if team_ids is not None:
        qs = qs.filter(**{f"{prefix}team_id__in": list(team_ids)})
    return qs


# ------------------------------------------------------------------------- members_active


def members_active_facts(months, today):
    """Members in membership on each month's reading day, per kind (company, self-employed)."""
    days = facts.reading_days(months, today)
    cells = facts.Cells(ratio=False)
    for span in spans(since=days[0], until=days[-1]):
        for i in facts.covered(days, span.joined_on, span.left_on):
            cells.add(span.center_id, span.team_id, months[i], span.kind, num=1)
    return cells.rows()


MEMBER_COLUMNS = ["Adhérent", "SIREN", "Équipe", "Type", "Adhésion", "Radiation"]


def _member_row(member: Adherent) -> tuple:
    return (
        member.name,
        member.siren,
        member.team.name,
        member.get_kind_display(),
        member.joined_on,
        member.left_on or "",
    )


def _members(center_ids, team_ids, kind: str) -> QuerySet[Adherent]:
    qs = in_scope(Adherent.objects.annotate(left_on=left_on()), center_ids, team_ids)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("team")


def members_active_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    qs = _members(center_ids, team_ids, kind).filter(in_membership_on(end))
    return MEMBER_COLUMNS, qs.order_by("name", "pk"), _member_row


# -------------------------------------------------------------------- joined and struck off


def _by_month(qs: QuerySet, day_field: str) -> list[dict]:
    rows = (
        qs.annotate(month=TruncMonth(day_field, output_field=DateField()))
        .order_by()
        .values("team__center_id", "team_id", "month", "kind")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "center_id": r["team__center_id"],
            "team_id": r["team_id"],
            "month": r["month"],
            "kind": r["kind"],
            "performer": "",
            "numerator": r["n"],
            "denominator": None,
        }
        for r in rows
    ]


def members_joined_facts(months, today):
    """Members whose membership started in the month (Adherent.joined_on), per kind."""
    end = facts.month_end(months[-1])
    return _by_month(
        Adherent.objects.filter(joined_on__gte=months[0], joined_on__lte=end), "joined_on"
    )


def members_joined_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    qs = _members(center_ids, team_ids, kind).filter(joined_on__gte=start, joined_on__lte=end)
    return MEMBER_COLUMNS, qs.order_by("joined_on", "name", "pk"), _member_row


def members_left_facts(months, today):
    """Members struck off in the month (the day read in their audit trail), per kind."""
    end = facts.month_end(months[-1])
    qs = (
        Adherent.objects.filter(status=ENDED)
        .annotate(left_on=left_on())
        .filter(left_on__gte=months[0], left_on__lte=end)
    )
    return _by_month(qs, "left_on")


def members_left_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    qs = _members(center_ids, team_ids, kind).filter(left_on__gte=start, left_on__lte=end)
    return MEMBER_COLUMNS, qs.order_by("left_on", "name", "pk"), _member_row


# ---------------------------------------------------------------- establishments_followed


def establishments_followed_facts(months, today):
    """Establishments of the members in membership on each reading day, per kind of
    establishment (head office, site, worksite, isolated workers); 2 queries."""
    days = facts.reading_days(months, today)
    members = {span.adherent_id: span for span in spans(since=days[0], until=days[-1])}
    rows = (
        Establishment.objects.filter(adherent__joined_on__lte=days[-1])
        .order_by()
        .values_list("adherent_id", "kind")
        .annotate(n=Count("pk"))
    )
    cells = facts.Cells(ratio=False)
    for adherent_id, kind, count in rows:
        span = members.get(adherent_id)
        if span is None:
            continue
        for i in facts.covered(days, span.joined_on, span.left_on):
            cells.add(span.center_id, span.team_id, months[i], kind, num=count)
    return cells.rows()


def establishments_followed_rows(
    *, center_ids, team_ids, start, end, kind, performer, part, show_people
):
    qs = in_scope(
        Establishment.objects.annotate(left_on=left_on("adherent__")),
        center_ids,
        team_ids,
        "adherent__",
    ).filter(in_membership_on(end, "adherent__"))
    if kind:
        qs = qs.filter(kind=kind)
    columns = ["Établissement", "SIRET", "Type", "Commune", "Adhérent", "Équipe"]

    def row(e: Establishment) -> tuple:
        return (
            e.name,
            e.siret,
            e.get_kind_display(),
            e.city,
            e.adherent.name,
            e.adherent.team.name,
        )

    return (
        columns,
        qs.select_related("adherent__team").order_by("adherent__name", "name", "pk"),
        row,
    )
