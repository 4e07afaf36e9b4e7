"""Monthly facts of the fiche d'entreprise (issue 16; R4624-46 to R4624-50, seed 004). Plain data
for the dashboards (their contract: dashboards.facts.selectors_sources), grouped queries.

An FE counts from the day its version was sent to the employer (FicheVersion.sent_at): the
current FE is the last one sent. Member companies only (a self-employed member has no FE).

- fe_recent: members in membership on the reading day with an FE sent less than
  SPSTI_FE_RENEWAL_YEARS (4) years before it, over the members (fiche_indicators' definition);
- fe_first_year: members whose first FE fell due in the month (within the year following
  membership, R4624-47: rules.cadence.first_fiche_due); on time when the first FE of any of
  their establishments was sent by then; late when sent after, or still missing once due;
- fe_made: FE versions sent in the month, first FE of the establishment or an update (DGT).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Func,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from adherents.members.selectors_facts import between, in_membership_on, in_scope, left_on, spans
from adherents.models import Adherent
from adherents.rules import facts
from prevention.fiche.selectors import latest_joined_on
from prevention.models import FicheVersion
from prevention.rules import cadence
from prevention.rules.dates import add_years

SENT = FicheVersion.Status.SENT
COMPANY = Adherent.Kind.COMPANY
DAY = datetime.timedelta(days=1)


def _years() -> int:
    return settings.SPSTI_FE_RENEWAL_YEARS


# ------------------------------------------------------------------------------ fe_recent


def _sent_days(since: datetime.date, until: datetime.date) -> dict[int, list[datetime.date]]:
    """Member -> the sorted days an FE of one of its establishments was sent (1 query)."""
    rows = (
        between(FicheVersion.objects.filter(status=SENT), "sent_at", since, until)
        .annotate(day=TruncDate("sent_at"))
        .order_by()
        .values_list("fiche__establishment__adherent_id", "day")
        .distinct()
    )
    found: dict[int, list] = defaultdict(list)
    for adherent_id, day in rows.iterator(chunk_size=5000):
        found[adherent_id].append(day)
    return {k: sorted(v) for k, v in found.items()}


def fe_recent_facts(months, today):
    days = facts.reading_days(months, today)
    years = _years()
    sent = _sent_days(add_years(days[0], -years), days[-1])
    cells = facts.Cells(ratio=True)
    for span in spans(since=days[0], until=days[-1], kind=COMPANY):
        dates = sent.get(span.adherent_id, [])
        for i in facts.covered(days, span.joined_on, span.left_on):
            last = facts.latest_on_or_before(dates, days[i])
            recent = last is not None and last > add_years(days[i], -years)
            cells.add(span.center_id, span.team_id, months[i], num=int(recent), den=1)
    return cells.rows()


def _last_sent_by(day: datetime.date) -> Subquery:
    sent = FicheVersion.objects.filter(
        fiche__establishment__adherent=OuterRef("pk"), status=SENT, sent_at__lt=_after(day)
    )
    return Subquery(
        sent.order_by().values("fiche__establishment__adherent").annotate(d=Max("sent_at"))
        .values("d")[:1]
    )  # fmt: skip


def _after(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day + DAY, datetime.time.min))


def _company_members(center_ids, team_ids) -> QuerySet[Adherent]:
    qs = Adherent.objects.filter(kind=COMPANY).annotate(left_on=left_on())
    return in_scope(qs, center_ids, team_ids).select_related("team")


def fe_recent_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """Members on `end`, with the day their last FE was sent by then: recent (num) or not."""
    years = _years()
    recent_from = _after(add_years(end, -years))
    qs = (
        _company_members(center_ids, team_ids)
        .filter(in_membership_on(end))
        .annotate(last_sent_at=_last_sent_by(end))
    )
    if part == "num":
        qs = qs.filter(last_sent_at__gte=recent_from)
    elif part == "rest":
        qs = qs.filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lt=recent_from))
    columns = ["Adhérent", "SIREN", "Équipe", "Adhésion", "Dernière FE transmise le"]

    def row(m: Adherent) -> tuple:
        last = timezone.localtime(m.last_sent_at).date() if m.last_sent_at else ""
        return (m.name, m.siren, m.team.name, m.joined_on, last)

    return columns, qs.order_by("name", "pk"), row


# -------------------------------------------------------------------------- fe_first_year


def _first_sent() -> Subquery:
    """The day of the member's first FE sent, read per member: the list walks the members by
    joining date to the page (no grouping of the year's members with their versions first),
    the nightly facts read the year's members (≈ 3,000) the same way."""
    versions = FicheVersion.objects.filter(
        fiche__establishment__adherent=OuterRef("pk"), status=SENT
    )
    first = versions.order_by("sent_at").annotate(day=TruncDate("sent_at")).values("day")[:1]
    return Subquery(first, output_field=DateField())


def _joined_for_due(first: datetime.date, last: datetime.date) -> tuple:
    """The joining days whose first FE falls due in [first, last] (R4624-47)."""
    return latest_joined_on(first - DAY) + DAY, latest_joined_on(last)


def fe_first_year_facts(months, today):
    joined_from, joined_to = _joined_for_due(months[0], facts.month_end(months[-1]))
    rows = (
        Adherent.objects.filter(kind=COMPANY, joined_on__gte=joined_from, joined_on__lte=joined_to)
        .annotate(left_on=left_on(), first_sent=_first_sent())
        .order_by()
        .values_list("team__center_id", "team_id", "joined_on", "left_on", "first_sent")
    )
    cells = facts.Cells(ratio=True)
    for center_id, team_id, joined_on, left, first_sent in rows.iterator(chunk_size=5000):
        due = cadence.first_fiche_due(joined_on).due_on
        if left is not None and left <= due:
            continue  # struck off before its first FE was due
        if first_sent is not None and first_sent <= due:
            cells.add(center_id, team_id, facts.month_of(due), num=1, den=1)
        elif due < today:
            cells.add(center_id, team_id, facts.month_of(due), den=1)
    return cells.rows()


class _FirstDue(Func):
    """joined_on + 1 year in PostgreSQL (29 February gives 28 February, as rules.dates)."""

    template = "(%(expressions)s + interval '1 year')::date"
    output_field = DateField()


def fe_first_year_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """Members whose first FE fell due in [start, end]."""
    today = timezone.localdate()
    joined_from, joined_to = _joined_for_due(start, end)
    qs = (
        _company_members(center_ids, team_ids)
        .filter(joined_on__gte=joined_from, joined_on__lte=joined_to)
        .annotate(first_sent=_first_sent(), due=_FirstDue(F("joined_on")))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=F("due")))
    )
    on_time = Q(first_sent__lte=F("due"))
    late = Q(first_sent__gt=F("due")) | Q(first_sent__isnull=True, due__lt=today)
    qs = qs.filter({"num": on_time, "rest": late}.get(part, on_time | late))
    columns = ["Adhérent", "SIREN", "Équipe", "Adhésion", "Première FE due le",
               "Première FE transmise le"]  # fmt: skip

    def row(m: Adherent) -> tuple:
        return (m.name, m.siren, m.team.name, m.joined_on, m.due, m.first_sent or "")

    return columns, qs.order_by("joined_on", "name", "pk"), row


# -------------------------------------------------------------------------------- fe_made


def _sent_versions() -> QuerySet[FicheVersion]:
    earlier = FicheVersion.objects.filter(
        fiche=OuterRef("fiche"), status=SENT, number__lt=OuterRef("number")
    )
    return FicheVersion.objects.filter(status=SENT).annotate(is_update=Exists(earlier))


def fe_made_facts(months, today):
    path = "fiche__establishment__adherent__team"
    rows = (
        between(_sent_versions(), "sent_at", months[0], facts.month_end(months[-1]))
        .annotate(month=TruncMonth("sent_at", output_field=DateField()))
        .order_by()
        .values_list(f"{path}__center_id", f"{path}_id", "month", "is_update")
        .annotate(n=Count("pk"))
    )
    cells = facts.Cells(ratio=False)
    for center_id, team_id, month, is_update, count in rows:
        cells.add(center_id, team_id, month, "update" if is_update else "first", num=count)
    return cells.rows()


def fe_made_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    qs = in_scope(
        between(_sent_versions(), "sent_at", start, end),
        center_ids,
        team_ids,
        "fiche__establishment__adherent__",
    )
    if kind:
        qs = qs.filter(is_update=kind == "update")
    columns = ["Transmise le", "Établissement", "Adhérent", "Équipe", "Version", "Nature"]

    def row(v: FicheVersion) -> tuple:
        establishment = v.fiche.establishment
        return (
            timezone.localtime(v.sent_at).date(),
            establishment.name,
            establishment.adherent.name,
            establishment.adherent.team.name,
            v.number,
            "Mise à jour" if v.is_update else "Première fiche",
        )

    ordered = qs.select_related("fiche__establishment__adherent__team").order_by("sent_at", "pk")
    return columns, ordered, row
