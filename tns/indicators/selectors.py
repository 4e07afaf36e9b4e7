"""Indicators of the self-employed offer (issue 14, item 7), for a centre and a year.

A fixed number of aggregate queries whatever the volume (no row is loaded).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q

from tns.models import (
    AffiliationStatus,
    ContactProposal,
    ProposalStatus,
    Screening,
    ScreeningStatus,
    TnsAffiliation,
)


# The definitions shared with the management dashboards (tns.indicators.selectors_facts).
def open_on(day: datetime.date) -> Q:
    """An affiliation running on `day`."""
    return Q(start_on__lte=day, end_on__gte=day)


# A renewal (dated by its start_on): a new period written by the explicit renewal action.
RENEWAL = Q(renewed_from__isnull=False)
# An expiry (dated by its end_on): a period that ended without being renewed.
EXPIRY = Q(status=AffiliationStatus.EXPIRED, renewal__isnull=True)
# A screening counts once submitted (dated by submitted_at); `trigger` says whether it reached
# the offer's threshold (TnsOffer.trigger_work_score).
SUBMITTED = Q(status=ScreeningStatus.SUBMITTED)
ABOVE_TRIGGER = Q(trigger=True)


@dataclass(frozen=True)
class Indicators:
    year: int
    affiliated_today: int
    started: int
    renewals: int
    expiries: int
    screenings: int
    above_trigger: int
    proposals_closed: int
    closed_in_time: int

    @property
    def share_above_trigger(self) -> float | None:
        return None if not self.screenings else round(100 * self.above_trigger / self.screenings, 1)

    @property
    def share_closed_in_time(self) -> float | None:
        if not self.proposals_closed:
            return None
        return round(100 * self.closed_in_time / self.proposals_closed, 1)


def indicators(ctx, year: int, today: datetime.date) -> Indicators:
    affiliations = TnsAffiliation.objects.visible_to(ctx)
    aff = affiliations.aggregate(
        affiliated_today=Count("pk", filter=open_on(today)),
        started=Count("pk", filter=Q(start_on__year=year) & ~RENEWAL),
        renewals=Count("pk", filter=Q(start_on__year=year) & RENEWAL),
        expiries=Count("pk", filter=Q(end_on__year=year) & EXPIRY),
    )
    # Counts only, never a score nor a person: the centre's teams, whatever the reader's role.
    teams = ctx.team_ids if ctx.is_staff and ctx.center_id else frozenset()
    scr = (
        Screening.objects.filter(affiliation__adherent__team_id__in=teams)
        .filter(SUBMITTED, submitted_at__year=year)
        .aggregate(done=Count("pk"), above=Count("pk", filter=ABOVE_TRIGGER))
    )
    prop = (
        ContactProposal.objects.filter(team_id__in=teams)
        .filter(status=ProposalStatus.CLOSED, closed_at__year=year)
        .aggregate(
            closed=Count("pk"), in_time=Count("pk", filter=Q(closed_at__date__lte=F("due_on")))
        )
    )
    return Indicators(
        year=year,
        affiliated_today=aff["affiliated_today"],
        started=aff["started"],
        renewals=aff["renewals"],
        expiries=aff["expiries"],
        screenings=scr["done"],
        above_trigger=scr["above"],
        proposals_closed=prop["closed"],
        closed_in_time=prop["in_time"],
    )
