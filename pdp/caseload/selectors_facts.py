"""The cell's indicators for the management dashboards (issue 16): referrals by source, days to
the first contact, outcomes known 6 months after closing, open cases, measures of the plans.

Plain rows (spsti.monthly), never a dashboards import. A case counts in its centre, and in the
team of the worker's member (or of the employer of a person not yet in the records) when that
team belongs to the case's centre; otherwise it is a centre-level figure (team None).

Medical secrecy: the lists behind a figure hold dates, steps, sources and outcomes only, never the
reason for the referral, a risk level, a measure's text nor a diagnosis; the worker and the
employer are named only when the reader may see the workers (`show_people`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from pdp.caseload.selectors import delay_days
from pdp.models import CaseFollowUp, PdpCase, PdpMeasure
from pdp.rules import cases as rules
from pdp.rules.measures import KIND_CHOICES
from pdp.rules.outcomes import OUTCOME_CHOICES
from spsti import monthly

OUTCOME_MONTHS = 6  # IGAS, Dec 2025: the outcome "à six mois"
UNKNOWN = "unknown"  # a closed case whose 6-month follow-up is not done

_SOURCES = dict(rules.SOURCES)
_STATUSES = dict(rules.STATUSES)
_OUTCOMES = dict(OUTCOME_CHOICES)
_KINDS = dict(KIND_CHOICES)


def case_team(prefix: str = "") -> Case:
    """The team a case counts in: the worker's member's team, or for a person not yet in the
    records the employer's, when it is a team of the case's centre; None otherwise."""
    p = prefix
    return Case(
        When(
            Q(**{f"{p}worker__isnull": False})
            & Q(**{f"{p}worker__adherent__team__center_id": F(f"{p}center_id")}),
            then=F(f"{p}worker__adherent__team_id"),
        ),
        When(
            Q(**{f"{p}worker__isnull": True})
            & Q(**{f"{p}adherent__team__center_id": F(f"{p}center_id")}),
            then=F(f"{p}adherent__team_id"),
        ),
        default=Value(None),
        output_field=IntegerField(),
    )


def _cell(kind=None, prefix: str = "") -> dict:
    cell = {"center_id": f"{prefix}center_id", "team_id": case_team(prefix)}
    if kind is not None:
        cell["kind"] = kind
    return cell


def _open_on(day: datetime.date) -> Q:
    """A case open at the end of `day`: received by then, not closed by then."""
    return Q(received_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def _six_month_outcome() -> Subquery:
    done = CaseFollowUp.objects.filter(
        case_id=OuterRef("pk"), months=OUTCOME_MONTHS, done_on__isnull=False
    )
    return Subquery(done.values("outcome")[:1])


# --- compute ---------------------------------------------------------------------------------


def referrals_facts(months, today):
    """Referrals received in the month, per source (PdpCase.source)."""
    first, last = monthly.span(months)
    cases = PdpCase.objects.filter(received_on__range=(first, last))
    return monthly.flow(
        cases, months=months, month=monthly.month_of("received_on"), cell=_cell("source")
    )


def first_contact_days_facts(months, today):
    """Referrals of the month with a first contact, per number of days from referral to first
    contact (the histogram whose median is read)."""
    first, last = monthly.span(months)
    cases = PdpCase.objects.filter(received_on__range=(first, last), first_contact_on__isnull=False)
    return monthly.flow(
        cases, months=months, month=monthly.month_of("received_on"), cell=_cell(delay_days())
    )


def outcome_6m_facts(months, today):
    """Cases closed 6 months before the month (denominator), those whose 6-month follow-up is
    done (numerator), per outcome found then; "unknown" holds the others."""
    first, last = monthly.span(months, OUTCOME_MONTHS)
    cases = PdpCase.objects.filter(status=rules.CLOSED, closed_on__range=(first, last)).annotate(
        six_months=Coalesce(_six_month_outcome(), Value(UNKNOWN))
    )
    return monthly.flow(
        cases,
        months=months,
        month=monthly.month_of("closed_on"),
        cell=_cell("six_months"),
        numerator=Count("pk", filter=~Q(six_months=UNKNOWN)),
        denominator=Count("pk"),
        shift=OUTCOME_MONTHS,
    )


def open_cases_facts(months, today):
    """Cases open at the end of the month (on `today` for the current month)."""
    return monthly.stock(
        PdpCase.objects.all(), months=months, today=today, open_on=_open_on, cell=_cell()
    )


def measures_facts(months, today):
    """Measures written into the plans in the month, per kind (pré-reprise visit, adjustment of
    the workstation, essai encadré…)."""
    first, last = monthly.span(months)
    measures = PdpMeasure.objects.filter(created_at__date__range=(first, last))
    return monthly.flow(
        measures,
        months=months,
        month=monthly.month_of("created_at"),
        cell=_cell("kind", prefix="case__"),
    )


# --- drill -----------------------------------------------------------------------------------


def _teams(queryset: QuerySet, team_ids, prefix: str = "") -> QuerySet:
    if team_ids is None:
        return queryset
    return queryset.annotate(fact_team=case_team(prefix)).filter(fact_team__in=team_ids)


def _people(show_people: bool) -> tuple[tuple[str, ...], Callable]:
    if not show_people:
        return (), lambda case: ()
    # A person not yet in the records is named to the cell only (PdpCase.visible_to reads the
    # worker's team): the lists name the workers of the records.
    return ("Salarié", "Employeur"), lambda case: (
        case.person_name if case.worker_id else "",
        case.adherent.name if case.adherent_id else "",
    )


def _case_rows(cases: QuerySet, show_people: bool, extra=(), extra_cells=lambda case: ()):
    heads, people = _people(show_people)
    columns = (
        "Dossier",
        "Équipe",
        *heads,
        "Reçu le",
        "Origine",
        "Étape",
        "Premier contact le",
        "Référent",
        *extra,
    )

    def row(case):
        member = case.worker.adherent if case.worker_id else case.adherent
        team = member.team if member else None
        return (
            f"n° {case.pk}",
            team.name if team and team.center_id == case.center_id else "",
            *people(case),
            case.received_on,
            _SOURCES.get(case.source, case.source),
            _STATUSES.get(case.status, case.status),
            case.first_contact_on or "",
            str(case.owner) if case.owner_id else "",
            *extra_cells(case),
        )

    cases = cases.select_related("worker__adherent__team", "adherent__team", "owner")
    return columns, cases.order_by("received_on", "pk"), row


def _cases(center_ids, team_ids) -> QuerySet:
    return _teams(PdpCase.objects.filter(center_id__in=center_ids), team_ids)


def referrals_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    cases = _cases(center_ids, team_ids).filter(received_on__range=(start, end))
    if kind:
        cases = cases.filter(source=kind)
    return _case_rows(cases, show_people)


def first_contact_days_rows(
    *, center_ids, team_ids, start, end, kind, performer, part, show_people
):
    """num: referrals of the period with a first contact (of `kind` days); rest: those still
    waiting for it."""
    cases = _cases(center_ids, team_ids).filter(received_on__range=(start, end))
    if part == "rest":
        cases = cases.filter(first_contact_on__isnull=True)
    else:
        cases = cases.filter(first_contact_on__isnull=False).annotate(delay=delay_days())
        if kind:
            cases = cases.filter(delay=int(kind))
    return _case_rows(
        cases,
        show_people,
        ("Jours jusqu'au premier contact",),
        lambda case: (getattr(case, "delay", ""),),
    )


def outcome_6m_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """The cases closed 6 months before the period; num: their 6-month outcome is known (of
    `kind`), rest: not yet; all: both."""
    first = monthly.add_months(start, -OUTCOME_MONTHS)
    last = monthly.add_months(end, -OUTCOME_MONTHS)
    if end == monthly.month_end(end):
        last = monthly.month_end(last)
    cases = (
        _cases(center_ids, team_ids)
        .filter(status=rules.CLOSED, closed_on__range=(first, last))
        .annotate(six_months=Coalesce(_six_month_outcome(), Value(UNKNOWN)))
    )
    if kind:
        cases = cases.filter(six_months=kind)
    if part == "num":
        cases = cases.exclude(six_months=UNKNOWN)
    elif part == "rest":
        cases = cases.filter(six_months=UNKNOWN)
    return _case_rows(
        cases,
        show_people,
        ("Clos le", "Issue à la clôture", "Issue à 6 mois"),
        lambda case: (
            case.closed_on,
            _OUTCOMES.get(case.outcome, case.outcome),
            _OUTCOMES.get(case.six_months, "Pas encore connue"),
        ),
    )


def open_cases_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """The cases open at the end of the period (today for a period not over)."""
    day = min(end, timezone.localdate())
    cases = _cases(center_ids, team_ids).filter(_open_on(day))
    return _case_rows(cases, show_people)


def measures_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """The measures written in the period (never their text for the employer)."""
    measures = _teams(
        PdpMeasure.objects.filter(
            case__center_id__in=center_ids, created_at__date__range=(start, end)
        ),
        team_ids,
        prefix="case__",
    )
    if kind:
        measures = measures.filter(kind=kind)
    heads, people = _people(show_people)
    columns = ("Dossier", *heads, "Mesure", "État", "À partir du", "Inscrite le")

    def row(measure):
        return (
            f"n° {measure.case_id}",
            *people(measure.case),
            _KINDS.get(measure.kind, measure.kind),
            measure.get_status_display(),
            measure.starts_on or "",
            timezone.localdate(measure.created_at),
        )

    measures = measures.select_related("case__worker", "case__adherent")
    return columns, measures.order_by("created_at", "pk"), row
