"""The self-employed offer's indicators for the management dashboards (issue 16): people
followed, renewals and expiries, CBI screenings, the share at or above the trigger, the share of
proposals of contact escalated.

Plain rows (spsti.monthly), never a dashboards import; the definitions are those of the offer's
own indicators page (tns.indicators.selectors). Everything counts in the team of the member
billed for the affiliation (Adherent.team), the proposals in the team they were sent to.

Health data: a screening's scores and answers never leave the health professionals; the lists
behind a figure hold dates, statuses and "seuil atteint : oui / non" only, and a person's or
member's name only when the reader may see the workers (`show_people`).
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from spsti import monthly
from tns.indicators.selectors import ABOVE_TRIGGER, EXPIRY, RENEWAL, SUBMITTED, open_on
from tns.models import ContactProposal, Escalation, ProposalStatus, Screening, TnsAffiliation

# What the team did that takes the person further (domain note §2, Escalation.kind): an
# appointment, the psychologist, the PDP cell, outside help. Declined and unreachable are not.
ESCALATED = frozenset(
    {Escalation.APPOINTMENT, Escalation.PSYCHOLOGIST, Escalation.PDP, Escalation.OUTSIDE}
)

_AFFILIATION_CELL = {
    "center_id": "adherent__team__center_id",
    "team_id": "adherent__team_id",
    "kind": "basis",
}
_SCREENING_CELL = {
    "center_id": "affiliation__adherent__team__center_id",
    "team_id": "affiliation__adherent__team_id",
}


# --- compute ---------------------------------------------------------------------------------


def followed_facts(months, today):
    """Affiliations running at the end of the month (on `today` for the current month), per
    basis (self-employed, head of a member company)."""
    return monthly.stock(
        TnsAffiliation.objects.all(),
        months=months,
        today=today,
        open_on=open_on,
        cell=_AFFILIATION_CELL,
    )


def renewals_facts(months, today):
    """Renewals starting in the month."""
    first, last = monthly.span(months)
    renewals = TnsAffiliation.objects.filter(RENEWAL, start_on__range=(first, last))
    return monthly.flow(
        renewals, months=months, month=monthly.month_of("start_on"), cell=_AFFILIATION_CELL
    )


def expiries_facts(months, today):
    """Affiliations ended in the month without a renewal."""
    first, last = monthly.span(months)
    expiries = TnsAffiliation.objects.filter(EXPIRY, end_on__range=(first, last))
    return monthly.flow(
        expiries, months=months, month=monthly.month_of("end_on"), cell=_AFFILIATION_CELL
    )


def _screenings(months) -> QuerySet:
    first, last = monthly.span(months)
    return Screening.objects.filter(SUBMITTED, submitted_at__date__range=(first, last))


def screenings_facts(months, today):
    """CBI screenings submitted in the month."""
    return monthly.flow(
        _screenings(months),
        months=months,
        month=monthly.month_of("submitted_at"),
        cell=_SCREENING_CELL,
    )


def screening_positive_facts(months, today):
    """Screenings of the month at or above the trigger / screenings of the month."""
    return monthly.flow(
        _screenings(months),
        months=months,
        month=monthly.month_of("submitted_at"),
        cell=_SCREENING_CELL,
        numerator=Count("pk", filter=ABOVE_TRIGGER),
        denominator=Count("pk"),
    )


def escalated_facts(months, today):
    """Proposals of contact closed in the month with an escalation / proposals closed in the
    month, per outcome (Escalation)."""
    first, last = monthly.span(months)
    proposals = ContactProposal.objects.filter(
        status=ProposalStatus.CLOSED, closed_at__date__range=(first, last)
    )
    return monthly.flow(
        proposals,
        months=months,
        month=monthly.month_of("closed_at"),
        cell={"center_id": "team__center_id", "team_id": "team_id", "kind": "outcome"},
        numerator=Count("pk", filter=Q(outcome__in=ESCALATED)),
        denominator=Count("pk"),
    )


# --- drill -----------------------------------------------------------------------------------


def _affiliations(center_ids, team_ids, kind) -> QuerySet:
    found = TnsAffiliation.objects.filter(adherent__team__center_id__in=center_ids)
    if team_ids is not None:
        found = found.filter(adherent__team_id__in=team_ids)
    if kind:
        found = found.filter(basis=kind)
    return found


def _affiliation_rows(affiliations: QuerySet, show_people: bool):
    heads = ("Personne", "Adhérent") if show_people else ()
    columns = ("Affiliation", "Équipe", *heads, "Fondement", "Début", "Fin", "Statut")

    def row(affiliation):
        people = (
            (affiliation.person.get_full_name(), affiliation.adherent.name) if show_people else ()
        )
        return (
            f"n° {affiliation.pk}",
            affiliation.adherent.team.name,
            *people,
            affiliation.get_basis_display(),
            affiliation.start_on,
            affiliation.end_on,
            affiliation.get_status_display(),
        )

    affiliations = affiliations.select_related("adherent__team", "person")
    return columns, affiliations.order_by("start_on", "pk"), row


def followed_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """The affiliations running at the end of the period (today for a period not over)."""
    day = min(end, timezone.localdate())
    found = _affiliations(center_ids, team_ids, kind).filter(open_on(day))
    return _affiliation_rows(found, show_people)


def renewals_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    found = _affiliations(center_ids, team_ids, kind).filter(RENEWAL, start_on__range=(start, end))
    return _affiliation_rows(found, show_people)


def expiries_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    found = _affiliations(center_ids, team_ids, kind).filter(EXPIRY, end_on__range=(start, end))
    return _affiliation_rows(found, show_people)


def _screening_rows(center_ids, team_ids, start, end, part, show_people):
    found = Screening.objects.filter(
        SUBMITTED,
        affiliation__adherent__team__center_id__in=center_ids,
        submitted_at__date__range=(start, end),
    )
    if team_ids is not None:
        found = found.filter(affiliation__adherent__team_id__in=team_ids)
    if part == "num":
        found = found.filter(ABOVE_TRIGGER)
    elif part == "rest":
        found = found.exclude(ABOVE_TRIGGER)
    heads = ("Personne",) if show_people else ()
    columns = ("Dépistage", "Équipe", *heads, "Terminé le", "Statut", "Seuil atteint")

    def row(screening):
        # Never a score nor an answer: dates, status and whether the trigger was reached.
        return (
            f"n° {screening.pk}",
            screening.affiliation.adherent.team.name,
            *((screening.person.get_full_name(),) if show_people else ()),
            timezone.localdate(screening.submitted_at),
            screening.get_status_display(),
            "oui" if screening.trigger else "non",
        )

    found = found.select_related("affiliation__adherent__team", "person").only(
        "pk",
        "status",
        "submitted_at",
        "trigger",
        "affiliation__adherent__team__name",
        "person__first_name",
        "person__last_name",
    )
    return columns, found.order_by("submitted_at", "pk"), row


def screenings_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    return _screening_rows(center_ids, team_ids, start, end, "all", show_people)


def screening_positive_rows(
    *, center_ids, team_ids, start, end, kind, performer, part, show_people
):
    """num: at or above the trigger; rest: below it; all: both."""
    return _screening_rows(center_ids, team_ids, start, end, part, show_people)


def escalated_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """The proposals closed in the period; num: escalated, rest: declined or unreachable."""
    found = ContactProposal.objects.filter(
        status=ProposalStatus.CLOSED,
        team__center_id__in=center_ids,
        closed_at__date__range=(start, end),
    )
    if team_ids is not None:
        found = found.filter(team_id__in=team_ids)
    if kind:
        found = found.filter(outcome=kind)
    if part == "num":
        found = found.filter(outcome__in=ESCALATED)
    elif part == "rest":
        found = found.exclude(outcome__in=ESCALATED)
    heads = ("Personne",) if show_people else ()
    columns = ("Proposition", "Équipe", *heads, "À traiter avant le", "Close le", "Suite donnée")

    def row(proposal):
        return (
            f"n° {proposal.pk}",
            proposal.team.name,
            *((proposal.screening.person.get_full_name(),) if show_people else ()),
            proposal.due_on,
            timezone.localdate(proposal.closed_at),
            proposal.get_outcome_display(),
        )

    found = found.select_related("team", "screening__person").only(
        "pk",
        "due_on",
        "closed_at",
        "outcome",
        "team__name",
        "screening__person__first_name",
        "screening__person__last_name",
    )
    return columns, found.order_by("closed_at", "pk"), row
