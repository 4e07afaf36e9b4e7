"""Reads of the requests inbox: the member's requests, the centre's inbox, overdue referrals,
the follow-up report (seed 000: "suivi et évaluation quantitative et qualitative").

Every list is one query whatever its length; the report is a fixed number of aggregate queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.context import AccessContext
from accounts.models import User
from accounts.roles import STAFF_ROLE_PERMISSIONS
from adherents.models import (
    MemberRequest,
    Partner,
    PartnerReferral,
    RequestCategory,
    RequestChannel,
    RequestMessage,
    RequestStatus,
)
from adherents.requests.models import AWAITING_FIRST_ANSWER
from adherents.rules import requests as rules

HANDLE = "adherents.request:handle"
LATEST_COMMENTS = 10


def answer_days() -> int:
    return settings.SPSTI_REQUEST_ANSWER_DAYS


# --- the member's side ---------------------------------------------------------------------


def member_requests(ctx: AccessContext, *, status: str = "") -> QuerySet[MemberRequest]:
    """The current member's requests, newest first (a firm never reaches here: no code);
    `status`: only those in that status (the answered ones wait for the member's reading)."""
    if not ctx.is_portal:
        return MemberRequest.objects.none()
    qs = MemberRequest.objects.visible_to(ctx)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def public_thread(request: MemberRequest) -> QuerySet[RequestMessage]:
    """The messages the member sees: internal notes are filtered out by the database."""
    return request.messages.filter(is_internal=False).select_related("author")


# --- the centre's side ---------------------------------------------------------------------


def centre_requests(ctx: AccessContext) -> QuerySet[MemberRequest]:
    """Requests of the members followed by the teams of the current centre."""
    if not ctx.is_staff:
        return MemberRequest.objects.none()
    return MemberRequest.objects.visible_to(ctx)


def late_filter(now: datetime.datetime, days: int) -> Q:
    return Q(
        first_answered_at__isnull=True,
        status__in=AWAITING_FIRST_ANSWER,
        created_at__lt=rules.late_threshold(now, days),
    )


def overdue_referral_filter(today: datetime.date) -> Q:
    return Q(answered_at__isnull=True, due_on__lt=today)


def with_flags(
    queryset: QuerySet[MemberRequest], *, now: datetime.datetime, days: int
) -> QuerySet[MemberRequest]:
    """Annotate `is_late` and `has_overdue_referral`, computed by the database."""
    today = timezone.localdate(now)
    overdue = PartnerReferral.objects.filter(overdue_referral_filter(today), request=OuterRef("pk"))
    return queryset.annotate(
        is_late=Case(
            When(late_filter(now, days), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        has_overdue_referral=Exists(overdue),
    )


def inbox(
    ctx: AccessContext,
    *,
    status: str = "",
    category: str = "",
    channel: str = "",
    mine: bool = False,
    late: bool = False,
    now: datetime.datetime | None = None,
) -> QuerySet[MemberRequest]:
    """The centre's inbox, filtered, oldest waiting first for the late ones, else newest."""
    now = now or timezone.now()
    days = answer_days()
    queryset = centre_requests(ctx)
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(category=category)
    if channel:
        queryset = queryset.filter(channel=channel)
    if mine:
        queryset = queryset.filter(assigned_to=ctx.user)
    if late:
        queryset = queryset.filter(late_filter(now, days))
    ordering = ("created_at", "pk") if late else ("-created_at", "-pk")
    return (
        with_flags(queryset, now=now, days=days)
        .select_related("adherent", "assigned_to")
        .only(*INBOX_COLUMNS)
        .order_by(*ordering)  # request_list_order_idx, either way
    )


# What a row of the inbox shows (requests/backoffice/inbox.html): a page reads these columns
# only, not the request's text nor its member's whole row.
INBOX_COLUMNS = (
    "created_at",
    "subject",
    "category",
    "channel",
    "status",
    "adherent__name",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__email",
)


def handling_roles() -> list[str]:
    """Staff roles holding the request code: only they can open what they are assigned."""
    return [role for role, codes in STAFF_ROLE_PERMISSIONS.items() if HANDLE in codes]


def assignable_staff(ctx: AccessContext) -> QuerySet[User]:
    """Active staff of the current centre who can handle requests."""
    return (
        User.objects.filter(
            is_active=True,
            staff_assignments__center_id=ctx.center_id,
            staff_assignments__ended_on__isnull=True,
            staff_assignments__role__in=handling_roles(),
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def staff_thread(request: MemberRequest) -> QuerySet[RequestMessage]:
    return request.messages.select_related("author")


def referrals_of(request: MemberRequest) -> QuerySet[PartnerReferral]:
    return (
        request.referrals.select_related("partner", "sent_by")
        .annotate(answered_on=TruncDate("answered_at"))
        .order_by("sent_on", "pk")
    )


def overdue_referrals(ctx: AccessContext, today: datetime.date) -> QuerySet[PartnerReferral]:
    """Referrals of the centre's requests still unanswered after their due date."""
    return (
        PartnerReferral.objects.visible_to(ctx)
        .filter(overdue_referral_filter(today))
        .select_related("partner", "request__adherent", "request__assigned_to")
        .order_by("due_on", "pk")
    )


def active_partners() -> QuerySet[Partner]:
    return Partner.objects.filter(is_active=True).order_by("kind", "name")


def referral_by_token_hash(token_hash: str) -> PartnerReferral | None:
    return (
        PartnerReferral.objects.select_related("partner", "request__adherent")
        .filter(token_hash=token_hash)
        .first()
    )


# --- the daily digest (every centre) -------------------------------------------------------


def late_assigned_requests(now: datetime.datetime, days: int) -> QuerySet[MemberRequest]:
    return (
        MemberRequest.objects.filter(late_filter(now, days), assigned_to__isnull=False)
        .select_related("adherent", "assigned_to")
        .order_by("created_at", "pk")
    )


def all_overdue_referrals(today: datetime.date) -> QuerySet[PartnerReferral]:
    return (
        PartnerReferral.objects.filter(overdue_referral_filter(today))
        .select_related("partner", "request__adherent", "request__assigned_to", "sent_by")
        .order_by("due_on", "pk")
    )


# --- the report ----------------------------------------------------------------------------


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
