"""The requests inbox's follow-up report (seed 000: "suivi et évaluation quantitative et
qualitative"): counts by channel, requester, category and status, first-answer delays, partners'
answers on time, satisfaction. A fixed number of aggregate queries, whatever the period.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.context import AccessContext
from adherents.models import (
    MemberRequest,
    Partner,
    PartnerReferral,
    RequestCategory,
    RequestChannel,
    RequesterKind,
    RequestStatus,
)
from adherents.requests.selectors import answer_days, centre_requests, overdue_referral_filter
from adherents.rules import requests as rules

LATEST_COMMENTS = 10


@dataclass
class PartnerLine:
    name: str
    kind: str
    sent: int
    on_time: int
    late: int
    overdue: int
    pending: int

    @property
    def on_time_share(self) -> float | None:
        return rules.share(self.on_time, self.on_time + self.late)


@dataclass
class RequestReport:
    date_from: datetime.date
    date_to: datetime.date
    days: int
    total: int = 0
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    by_requester: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    answered: int = 0
    answered_within: int = 0
    median_hours: float | None = None
    routed: int = 0
    partners: list[PartnerLine] = field(default_factory=list)
    satisfaction_average: float | None = None
    satisfaction_count: int = 0
    satisfaction: list[tuple[int, int, float | None]] = field(default_factory=list)
    comments: list[MemberRequest] = field(default_factory=list)

    @property
    def within_share(self) -> float | None:
        return rules.share(self.answered_within, self.answered)

    @property
    def routed_share(self) -> float | None:
        return rules.share(self.routed, self.total)

    @property
    def median_days(self) -> float | None:
        return None if self.median_hours is None else round(self.median_hours / 24, 1)


def _labelled(counts: dict[str, int], choices) -> list[tuple[str, int]]:
    """Every choice with its count, zeros included, in the choices' order."""
    return [(label, counts.get(value, 0)) for value, label in choices.choices]


def _bounds(date_from: datetime.date, date_to: datetime.date):
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min)
    )
    return start, end


def _grouped(queryset, column: str) -> dict:
    return dict(queryset.order_by().values_list(column).annotate(n=Count("pk")))


# Whole hours between reception and first answer, computed by PostgreSQL.
_DELAY_HOURS = Func(
    F("first_answered_at") - F("created_at"),
    template="FLOOR(EXTRACT(EPOCH FROM %(expressions)s) / 3600)",
    output_field=IntegerField(),
)


def report(
    ctx: AccessContext,
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    today: datetime.date | None = None,
) -> RequestReport:
    """Requests received in [date_from, date_to] and referrals sent then, for the centre."""
    today = today or timezone.localdate()
    days = answer_days()
    start, end = _bounds(date_from, date_to)
    base = centre_requests(ctx).filter(created_at__gte=start, created_at__lt=end)
    result = RequestReport(date_from=date_from, date_to=date_to, days=days)
    result.by_channel = _labelled(_grouped(base, "channel"), RequestChannel)
    result.by_requester = _labelled(_grouped(base, "requester_kind"), RequesterKind)
    result.by_category = _labelled(_grouped(base, "category"), RequestCategory)
    result.by_status = _labelled(_grouped(base, "status"), RequestStatus)
    totals = base.aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(first_answered_at__isnull=False)),
        within=Count(
            "pk", filter=Q(first_answered_at__lte=F("created_at") + datetime.timedelta(days=days))
        ),
        routed=Count(
            "pk", filter=Q(Exists(PartnerReferral.objects.filter(request=OuterRef("pk"))))
        ),
    )
    result.total, result.answered = totals["total"], totals["answered"]
    result.answered_within, result.routed = totals["within"], totals["routed"]
    histogram = dict(
        base.filter(first_answered_at__isnull=False)
        .annotate(hours=_DELAY_HOURS)
        .order_by()
        .values_list("hours")
        .annotate(n=Count("pk"))
    )
    result.median_hours = rules.median_of_counts(histogram)
    result.partners = _partner_lines(ctx, date_from, date_to, today)
    scores = _grouped(base.filter(satisfaction__isnull=False), "satisfaction")
    result.satisfaction_count = sum(scores.values())
    result.satisfaction_average = rules.weighted_average(scores)
    result.satisfaction = rules.distribution(scores)
    result.comments = list(
        base.filter(satisfaction__isnull=False)
        .exclude(satisfaction_comment="")
        .select_related("adherent")
        .order_by("-updated_at", "-pk")[:LATEST_COMMENTS]
    )
    return result


def _partner_lines(ctx, date_from, date_to, today) -> list[PartnerLine]:
    """Per partner: referrals sent in the period, answered on time or late, overdue, pending."""
    answered = Q(answered_at__isnull=False)
    rows = (
        PartnerReferral.objects.visible_to(ctx)
        .filter(
            sent_on__gte=date_from,
            sent_on__lte=date_to,
        )
        .annotate(answered_on=TruncDate("answered_at"))
        .order_by()
        .values("partner_id", "partner__name", "partner__kind")
        .annotate(
            sent=Count("pk"),
            on_time=Count("pk", filter=answered & Q(answered_on__lte=F("due_on"))),
            late=Count("pk", filter=answered & Q(answered_on__gt=F("due_on"))),
            overdue=Count("pk", filter=overdue_referral_filter(today)),
            pending=Count("pk", filter=Q(answered_at__isnull=True, due_on__gte=today)),
        )
        .order_by("partner__name")
    )
    kinds = dict(Partner._meta.get_field("kind").choices)
    return [
        PartnerLine(
            name=row["partner__name"],
            kind=kinds.get(row["partner__kind"], row["partner__kind"]),
            sent=row["sent"],
            on_time=row["on_time"],
            late=row["late"],
            overdue=row["overdue"],
            pending=row["pending"],
        )
        for row in rows
    ]
