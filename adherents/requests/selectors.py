"""Reads of the requests inbox: the member's requests and their due dates, the centre's inbox,
overdue referrals. The follow-up report: adherents.requests.selectors_report.

Every list is one query whatever its length.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Exists,
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
from adherents.models import MemberRequest, Partner, PartnerReferral, RequestMessage, RequestStatus
from adherents.requests.models import AWAITING_FIRST_ANSWER
from adherents.rules import requests as rules

HANDLE = "adherents.request:handle"


def answer_days() -> int:
    return settings.SPSTI_REQUEST_ANSWER_DAYS


# --- the member's side ---------------------------------------------------------------------


def member_requests(ctx: AccessContext, *, status: str = "") -> QuerySet[MemberRequest]:
    """The current member's requests, newest first (a firm under the « Demandes au service »
    scope: those `visible_to` lets it read); `status`: only those in that status (the answered
    ones wait for the member's reading)."""
    if not ctx.is_portal:
        return MemberRequest.objects.none()
    qs = MemberRequest.objects.visible_to(ctx)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def public_thread(request: MemberRequest) -> QuerySet[RequestMessage]:
    """The messages the member sees: internal notes are filtered out by the database."""
    return request.messages.filter(is_internal=False).select_related("author", "author_firm")


def answer_due_at(request: MemberRequest) -> datetime.datetime | None:
    """When the service's first answer is due, while the request still waits for it (the same
    moment as the inbox's « en retard »); None once answered, routed or closed."""
    if request.first_answered_at is not None or request.status not in AWAITING_FIRST_ANSWER:
        return None
    return rules.answer_due_at(request.created_at, answer_days())


def partner_due_on(request: MemberRequest) -> datetime.date | None:
    """The due date of the partner's answer, when the request waits for one (the latest
    unanswered referral); the partner's name and answer link stay with the staff."""
    if request.status == RequestStatus.CLOSED:
        return None
    open_referrals = request.referrals.filter(answered_at__isnull=True)
    return open_referrals.order_by("-sent_on", "-pk").values_list("due_on", flat=True).first()


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
    requester_kind: str = "",
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
    if requester_kind:
        queryset = queryset.filter(requester_kind=requester_kind)  # request_requester_idx
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
    "requester_kind",
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
    return request.messages.select_related("author", "author_firm")


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
