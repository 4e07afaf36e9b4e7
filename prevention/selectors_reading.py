"""The reading of the documents mailed to the members (seed 002: « nécessité de tester
l'efficacité des modes de transmission »): the share read in the portal within 15 days.

A document counts when it was sent in the 12 months before today and its 15 days are over
(those sent in the last 15 days still have time: they wait for the next figures). It is read
when a person of the member opened it in the portal within 15 days of its sending (its read
receipt, prevention.visits / prevention.fiche); the e-mail itself is never tracked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts.context import AccessContext
from prevention.models import FicheVersion, PreventionVisit

READ_WITHIN_DAYS = 15
WINDOW_DAYS = 365


@dataclass(frozen=True)
class Reading:
    """How many documents sent between `since` and `until` were read within 15 days."""

    since: datetime.date
    until: datetime.date  # included: the last sending day whose 15 days are over
    read: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.read / self.total) if self.total else None


def _window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today - datetime.timedelta(days=WINDOW_DAYS), today - datetime.timedelta(
        days=READ_WITHIN_DAYS + 1
    )


def _reading(rows: QuerySet, sent: str, read: str, today: datetime.date) -> Reading:
    since, until = _window(today)
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(until, datetime.time.max))
    figures = rows.filter(**{f"{sent}__range": (start, end)}).aggregate(
        total=Count("pk"),
        read=Count(
            "pk",
            filter=Q(**{f"{read}__lte": F(sent) + datetime.timedelta(days=READ_WITHIN_DAYS)}),
        ),
    )
    return Reading(since, until, figures["read"], figures["total"])


def letter_reading(ctx: AccessContext, *, today: datetime.date) -> Reading:
    """The visits' letters of the scope read in the portal within 15 days (one query)."""
    return _reading(
        PreventionVisit.objects.visible_to(ctx), "letter_sent_at", "letter_read__read_at", today
    )


def fiche_reading(ctx: AccessContext, *, today: datetime.date) -> Reading:
    """The FE versions of the scope sent, read in the portal within 15 days (one query)."""
    return _reading(FicheVersion.objects.visible_to(ctx), "sent_at", "read_receipt__read_at", today)
