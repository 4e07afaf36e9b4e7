"""Audits held, for the management dashboards (issue 16): internal, cross and certification
audits ended in the month, per kind; centre-level (team None), plain rows (spsti.monthly)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from certification.audits.models import Audit
from spsti import monthly


def audits_held_facts(months, today):
    """Audits whose last day falls in the month (and is past: an audit planned later this
    month is not held yet), per kind."""
    first, last = monthly.span(months)
    audits = Audit.objects.filter(ends_on__range=(first, min(last, today)))
    return monthly.flow(
        audits,
        months=months,
        month=monthly.month_of("ends_on"),
        cell={"center_id": "center_id", "kind": "kind"},
    )


def audits_held_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    found: QuerySet = Audit.objects.filter(
        center_id__in=center_ids, ends_on__range=(start, min(end, timezone.localdate()))
    )
    if team_ids is not None:
        found = found.none()  # centre-level: not a team's figure
    if kind:
        found = found.filter(kind=kind)
    columns = ("Audit", "Centre", "Type", "Du", "Au", "Niveau obtenu")

    def row(audit):
        return (
            audit.title,
            audit.center.name,
            audit.get_kind_display(),
            audit.starts_on,
            audit.ends_on,
            audit.level_obtained or "",
        )

    return columns, found.select_related("center").order_by("ends_on", "pk"), row
