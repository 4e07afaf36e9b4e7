"""Reads of the VIP TNS: the person's appointments, the rhythm from the offer's settings."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from tns.models import TnsOffer
from tns.rules.affiliation import add_months
from tns.visits.models import HOLDING, TnsVisit, TnsVisitStatus


def own_visits(ctx) -> QuerySet[TnsVisit]:
    return (
        TnsVisit.objects.visible_to(ctx)
        .filter(status__in=HOLDING)
        .select_related("professional", "slot__center")
        .order_by("-scheduled_at")
    )


def next_vip_due(user) -> datetime.date | None:
    """The last held VIP TNS + the offer's rhythm; None before the first one."""
    last = (
        TnsVisit.objects.filter(person=user, status=TnsVisitStatus.HELD)
        .order_by("-scheduled_at")
        .values_list("scheduled_at", flat=True)
        .first()
    )
    offer = TnsOffer.current()
    if last is None or offer is None:
        return None
    return add_months(timezone.localtime(last).date(), offer.vip_rhythm_months)


def centre_visits(ctx) -> QuerySet[TnsVisit]:
    """The centre's VIP TNS, the latest first (planned ones to record included)."""
    return (
        TnsVisit.objects.visible_to(ctx)
        .select_related("person", "professional")
        .order_by("-scheduled_at", "-pk")
    )
