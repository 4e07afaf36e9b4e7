"""Monthly figures of the deadlines for the management dashboards (issue 16): visits held by
their due date (R4624-10 to R4624-28), VIPs within 3 months of hire (R4624-10).

The same definitions as the live `selectors.due_indicators`, per month and for every centre;
see agenda.selectors_facts for the shared conventions (team, centre, secrecy).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, TruncDate, TruncMonth
from django.utils import timezone

from spsti.union import OrderedUnion
from suivi_sante.agenda.selectors_facts import (
    GROUP,
    KIND_LABELS,
    PERFORMER_LABELS,
    cells,
    person,
    scoped,
    span,
)
from suivi_sante.enums import VisitKind, VisitStatus
from suivi_sante.models import DueVisit, Employment, Visit
from suivi_sante.rules.dates import add_months

NOT_HELD = "non tenue"
VIP_DELAY_MONTHS = 3  # R4624-10
# R4624-15: no new VIP when the worker had one in the 5 years before the hire.
VIP_WAIVER_YEARS = 5


# --- visits held by their due date -------------------------------------------------------


def _due_window(qs: QuerySet, first: datetime.date, last: datetime.date, today: datetime.date):
    """Due in first..last and past (the deadline's day over); a pré-reprise is on request,
    never late (R4624-29)."""
    return qs.filter(due_on__gte=first, due_on__lte=last, due_on__lt=today).exclude(
        kind=VisitKind.PRE_REPRISE
    )


def _held_due(first, last, today) -> QuerySet[Visit]:
    return _due_window(Visit.objects.filter(status=VisitStatus.HELD), first, last, today)


def _still_due(first, last, today) -> QuerySet[DueVisit]:
    # A planned or missed visit leaves its deadline in the schedule: it counts as not held.
    return _due_window(DueVisit.objects.filter(worker__merged_into=None), first, last, today)


ON_TIME = Q(held_at__date__lte=F("due_on"))


def visits_on_time_facts(months: Sequence[datetime.date], today: datetime.date) -> list[dict]:
    """Visits held by their due date / visits whose due date fell in the month and is past:
    those held (on time or late) and those still due (performer "")."""
    first, last = span(months)
    month = TruncMonth("due_on", output_field=DateField())
    held = (
        _held_due(first, last, today)
        .values("kind", "performer", **GROUP, month=month)
        .annotate(n=Count("pk", filter=ON_TIME), d=Count("pk"))
        .order_by()
    )
    due = (
        _still_due(first, last, today)
        .values("kind", **GROUP, month=month)
        .annotate(n=Value(0), d=Count("pk"))
        .order_by()
    )
    return cells(held, months) + cells(due, months, performer=None)


ON_TIME_COLUMNS = (
    "Salarié",
    "Adhérent",
    "Centre",
    "Équipe",
    "Type de visite",
    "Échéance",
    "Tenue le",
    "Jours de retard",
    "Réalisée par",
)
_ITEM = {
    "last_name": F("worker__last_name"),
    "first_name": F("worker__first_name"),
    "member": F("worker__adherent__name"),
    "center_name": F("worker__adherent__team__center__name"),
    "team_name": F("worker__adherent__team__name"),
    "visit_kind": F("kind"),
    "due": F("due_on"),
}


def visits_on_time_rows(
    *, center_ids, team_ids, start, end, kind, performer, part, show_people
) -> tuple:
    """Held on time ("num"), late or not held ("rest"), or all: one list of visits held and
    deadlines still due, by due date (then visits before deadlines, each by id: the order of
    the indexes visit_held_due_idx and due_order_idx, so that a page reads its rows only; see
    spsti.union)."""
    today = timezone.localdate()
    held = scoped(_held_due(start, end, today), center_ids, team_ids)
    due = scoped(_still_due(start, end, today), center_ids, team_ids)
    if kind:
        held, due = held.filter(kind=kind), due.filter(kind=kind)
    if performer:
        held = held.filter(performer=performer)
    if part == "num":
        held = held.filter(ON_TIME)
    elif part == "rest":
        held = held.exclude(ON_TIME)
    # The same names and types in both branches (a NULL typed as a date, a varchar as the
    # performer): the union's columns then need no cast.
    branches = [
        held.values(
            **_ITEM,
            held_on=TruncDate("held_at"),
            held_by=F("performer"),
            source=Value(0),
            item=F("pk"),
        )
    ]
    if part != "num" and not performer:
        branches.append(
            due.values(
                **_ITEM,
                held_on=Cast(Value(None), DateField()),
                held_by=Cast(Value(""), CharField()),
                source=Value(1),
                item=F("pk"),
            )
        )
    items = OrderedUnion(branches, ("due", "source", "item"))

    def row(item: dict) -> tuple:
        held_on = item["held_on"]
        late = ((held_on or today) - item["due"]).days
        return (
            person(item["last_name"], item["first_name"], show_people),
            item["member"],
            item["center_name"],
            item["team_name"],
            KIND_LABELS.get(item["visit_kind"], item["visit_kind"]),
            item["due"],
            held_on or NOT_HELD,
            max(late, 0),
            PERFORMER_LABELS.get(item["held_by"], "—"),
        )

    return ON_TIME_COLUMNS, items, row


# --- VIP within 3 months of hire -----------------------------------------------------------


def _shifted(field: str, interval: str) -> Func:
    """A date column moved by a PostgreSQL interval (month arithmetic clamps to the month's
    last day, as rules.dates.add_months)."""
    return Func(
        F(field),
        template=f"(%(expressions)s + interval '{interval}')::date",
        output_field=DateField(),
    )


def _last_hire_past_deadline(today: datetime.date) -> datetime.date:
    """The last hire date whose 3-month deadline is over on `today` (deadline < today)."""
    day = add_months(today, -VIP_DELAY_MONTHS)
    while add_months(day, VIP_DELAY_MONTHS) >= today:
        day -= datetime.timedelta(days=1)
    return day


def _hires(first: datetime.date, last: datetime.date, today: datetime.date, *, page=False):
    """Hires of first..last whose deadline is past, with the first VIP held for the worker
    since 5 years before the hire, whether a VIP is still owed; those for which no VIP is
    owed nor held (SIR: an EMAE instead, or a waiver) are left out.

    With `page` (a list read a page at a time), the owed VIP is probed per hire, one entry of
    due_worker_idx: as an EXISTS, PostgreSQL hashes every owed VIP of the service first
    (47,000 rows, 36 ms) to test the 300 hires a page reads."""
    first_vip = (
        Visit.objects.filter(
            worker_id=OuterRef("worker_id"),
            kind=VisitKind.VIP,
            status=VisitStatus.HELD,
            held_at__date__gte=OuterRef("vip_from"),
        )
        .order_by("held_at")
        .annotate(day=TruncDate("held_at"))
        .values("day")[:1]
    )
    owed = DueVisit.objects.filter(
        worker_id=OuterRef("worker_id"), kind=VisitKind.VIP, due_on__lt=today
    )
    return (
        Employment.objects.filter(
            start_on__gte=first,
            start_on__lte=min(last, _last_hire_past_deadline(today)),
            worker__merged_into=None,
        )
        .annotate(
            deadline=_shifted("start_on", f"{VIP_DELAY_MONTHS} months"),
            vip_from=_shifted("start_on", f"-{VIP_WAIVER_YEARS} years"),
        )
        .annotate(vip_on=Subquery(first_vip, output_field=DateField()))
        .annotate(owed=Exists(owed) if not page else _probe(owed))
        .filter(Q(vip_on__isnull=False) | Q(owed=True))
    )


def _probe(rows: QuerySet) -> Func:
    """Whether `rows` has a row, as a scalar subquery (never hashed): one probe per outer row."""
    return Func(Subquery(rows.values("pk")[:1]), template="(%(expressions)s) IS NOT NULL",
                output_field=BooleanField())  # fmt: skip


VIP_ON_TIME = Q(vip_on__lte=F("deadline"))


def vip_3_months_facts(months: Sequence[datetime.date], today: datetime.date) -> list[dict]:
    """VIPs held by 3 months after the hire / hires of the month whose deadline is past."""
    rows = (
        _hires(*span(months), today)
        .values(**GROUP, month=TruncMonth("start_on", output_field=DateField()))
        .annotate(n=Count("pk", filter=VIP_ON_TIME), d=Count("pk"))
        .order_by()
    )
    return cells(rows, months, kind=None, performer=None)


VIP_COLUMNS = (
    "Salarié",
    "Adhérent",
    "Centre",
    "Équipe",
    "Embauche le",
    "VIP avant le",
    "VIP tenue le",
    "Jours de retard",
)


def vip_3_months_rows(
    *, center_ids, team_ids, start, end, kind, performer, part, show_people
) -> tuple:
    today = timezone.localdate()
    qs = scoped(_hires(start, end, today, page=True), center_ids, team_ids)
    if part == "num":
        qs = qs.filter(VIP_ON_TIME)
    elif part == "rest":
        qs = qs.filter(Q(vip_on__isnull=True) | Q(vip_on__gt=F("deadline")))
    # By hire date then id, the order of employment_start_idx: the page walks the hires and
    # tests each one's VIP, instead of the year's hires all tested then sorted (1.8 s).
    qs = qs.select_related("worker__adherent__team__center").order_by("start_on", "pk")

    def row(hire: Employment) -> tuple:
        adherent = hire.worker.adherent
        late = ((hire.vip_on or today) - hire.deadline).days
        return (
            person(hire.worker.last_name, hire.worker.first_name, show_people),
            adherent.name,
            adherent.team.center.name,
            adherent.team.name,
            hire.start_on,
            hire.deadline,
            hire.vip_on or NOT_HELD,
            max(late, 0),
        )

    return VIP_COLUMNS, qs, row
