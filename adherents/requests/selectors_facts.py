"""Monthly facts of the requests inbox (issue 16): requests answered within their delay.

A request's first answer is due `SPSTI_REQUEST_ANSWER_DAYS` calendar days after it was received
(rules.requests.answer_due_at). A request counts in the month its answer fell due: on time when
its first answer came by then; late when it came after, or when the request still waits for its
first answer once the due moment has passed (the inbox's "en retard", selectors.late_filter). A
request routed to a partner or closed without a first answer is followed by its referral, not
here. The nightly run reads "now" as the start of `today`. One grouped query, per category.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, DateField, DateTimeField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from adherents.members.selectors_facts import between, in_scope, start_of
from adherents.models import MemberRequest
from adherents.requests.models import AWAITING_FIRST_ANSWER
from adherents.requests.selectors import answer_days
from adherents.rules import facts


def _with_due() -> QuerySet[MemberRequest]:
    delay = datetime.timedelta(days=answer_days())
    return MemberRequest.objects.annotate(
        due_at=ExpressionWrapper(F("created_at") + delay, output_field=DateTimeField())
    )


def _on_time() -> Q:
    return Q(first_answered_at__isnull=False, first_answered_at__lte=F("due_at"))


def _counted(now: datetime.datetime) -> Q:
    waiting = Q(first_answered_at__isnull=True, status__in=AWAITING_FIRST_ANSWER, due_at__lt=now)
    return Q(first_answered_at__isnull=False) | waiting


def _due_between(qs: QuerySet, first: datetime.date, last: datetime.date) -> QuerySet:
    return between(qs, "due_at", first, last)


def requests_on_time_facts(months, today):
    rows = (
        _due_between(_with_due(), months[0], facts.month_end(months[-1]))
        .annotate(month=TruncMonth("due_at", output_field=DateField()))
        .order_by()
        .values("adherent__team__center_id", "adherent__team_id", "month", "category")
        .annotate(
            num=Count("pk", filter=_on_time()), den=Count("pk", filter=_counted(start_of(today)))
        )
    )
    return [
        {
            "center_id": r["adherent__team__center_id"],
            "team_id": r["adherent__team_id"],
            "month": r["month"],
            "kind": r["category"],
            "performer": "",
            "numerator": r["num"],
            "denominator": r["den"],
        }
        for r in rows
        if r["den"]
    ]


def requests_on_time_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """Requests whose answer fell due in [start, end]. The subject and the text are never shown
    (a member may write anything there)."""
    now = start_of(timezone.localdate())
    # The due moment is the reception plus a constant delay: the period's bounds and the order
    # are put on the reception itself, so that the page walks request_list_order_idx (and the
    # planner estimates the bounds) instead of sorting the year's requests.
    delay = datetime.timedelta(days=answer_days())
    received = _with_due().filter(
        created_at__gte=start_of(start) - delay,
        created_at__lt=start_of(end + datetime.timedelta(days=1)) - delay,
    )
    qs = in_scope(received, center_ids, team_ids, "adherent__")
    if kind:
        qs = qs.filter(category=kind)
    if part == "num":
        qs = qs.filter(_on_time())
    elif part == "rest":
        qs = qs.filter(_counted(now)).exclude(_on_time())
    else:
        qs = qs.filter(_counted(now))
    columns = ["Reçue le", "Adhérent", "Équipe", "Catégorie", "Canal", "Réponse due le",
               "Première réponse le"]  # fmt: skip

    def row(r: MemberRequest) -> tuple:
        answered = timezone.localtime(r.first_answered_at).date() if r.first_answered_at else ""
        return (
            timezone.localtime(r.created_at).date(),
            r.adherent.name,
            r.adherent.team.name,
            r.get_category_display(),
            r.get_channel_display(),
            timezone.localtime(r.due_at).date(),
            answered,
        )

    return columns, qs.select_related("adherent__team").order_by("created_at", "pk"), row
