"""Reads of the referential: versions, their chapters and criteria."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from certification.referential.models import Criterion, Referential, ReferentialImport


def referentials_for(ctx) -> QuerySet[Referential]:
    """Every version, the latest first, with its number of criteria."""
    return Referential.objects.visible_to(ctx).annotate(criterion_count=Count("criteria"))


def assessable_referentials(ctx) -> QuerySet[Referential]:
    """Versions holding criteria (a campaign needs some)."""
    return referentials_for(ctx).filter(criterion_count__gt=0)


def imports_for(ctx) -> QuerySet[ReferentialImport]:
    return ReferentialImport.objects.visible_to(ctx).select_related("created_by", "referential")


def criteria_of(referential: Referential) -> QuerySet[Criterion]:
    return referential.criteria.select_related("chapter").order_by(
        "chapter__position", "position", "code"
    )
