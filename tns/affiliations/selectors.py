"""Reads of the affiliations."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from tns.models import TnsAffiliation


def current_affiliation(user, today: datetime.date) -> TnsAffiliation | None:
    """The person's period open today, or None (access to the offer closes at the end)."""
    return (
        TnsAffiliation.objects.filter(person=user)
        .open_on(today)
        .select_related("adherent")
        .order_by("-start_on")
        .first()
    )


def latest_affiliation(user) -> TnsAffiliation | None:
    return (
        TnsAffiliation.objects.filter(person=user)
        .select_related("invoice", "renewal")
        .order_by("-end_on")
        .first()
    )


def affiliations_of(user) -> QuerySet[TnsAffiliation]:
    return (
        TnsAffiliation.objects.filter(person=user).select_related("invoice").order_by("-start_on")
    )


def affiliation_list(ctx) -> QuerySet[TnsAffiliation]:
    return (
        TnsAffiliation.objects.visible_to(ctx)
        .select_related("person", "adherent", "invoice")
        .order_by("end_on", "pk")
    )
