"""The quality system's indicators for the management dashboards (issue 16): open
non-conformities by severity and late corrective actions, at the end of each month.

Plain rows (spsti.monthly), never a dashboards import; the definitions are those of the register
and of the management review (certification.nonconformities.selectors). The quality system is a
centre's: its figures are centre-level (team None) and no team's reader gets its lists.

Free text (an NC's title, an action's description) may name a person: the lists show it only
when the reader may see the workers (`show_people`); otherwise references, dates and owners.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from certification.nonconformities.models import CorrectiveAction, NonConformity
from certification.nonconformities.selectors import action_late_on, open_on
from spsti import monthly


def nc_open_facts(months, today):
    """Non-conformities open at the end of the month (on `today` for the current month), per
    severity. TO VERIFY: the severity is today's (a minor NC still open at the next
    certification audit becomes major at that audit), not the one it had at the end of a past
    month."""
    return monthly.stock(
        NonConformity.objects.all(),
        months=months,
        today=today,
        open_on=open_on,
        cell={"center_id": "center_id", "kind": "severity"},
    )


def actions_late_facts(months, today):
    """Corrective actions late at the end of the month (on `today` for the current month)."""
    return monthly.stock(
        CorrectiveAction.objects.all(),
        months=months,
        today=today,
        open_on=action_late_on,
        cell={"center_id": "nonconformity__center_id"},
    )


def _day(end):
    return min(end, timezone.localdate())


def nc_open_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """The non-conformities open at the end of the period (today for a period not over)."""
    found: QuerySet = NonConformity.objects.filter(open_on(_day(end)), center_id__in=center_ids)
    if team_ids is not None:
        found = found.none()  # centre-level: not a team's figure
    if kind:
        found = found.filter(severity=kind)
    heads = ("Intitulé",) if show_people else ()
    columns = (
        "Référence",
        "Centre",
        *heads,
        "Origine",
        "Gravité",
        "Constatée le",
        "À solder avant le",
    )

    def row(nc):
        return (
            nc.reference,
            nc.center.name,
            *((nc.title,) if show_people else ()),
            nc.get_source_display(),
            nc.get_severity_display(),
            nc.detected_on,
            nc.due_on,
        )

    return columns, found.select_related("center").order_by("due_on", "pk"), row


def actions_late_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    """The corrective actions late at the end of the period (today for a period not over)."""
    day = _day(end)
    found: QuerySet = CorrectiveAction.objects.filter(
        action_late_on(day), nonconformity__center_id__in=center_ids
    )
    if team_ids is not None:
        found = found.none()
    heads = ("Action",) if show_people else ()
    columns = ("Non-conformité", "Centre", *heads, "Responsable", "Échéance", "Jours de retard")

    def row(action):
        return (
            action.nonconformity.reference,
            action.nonconformity.center.name,
            *((action.description[:200],) if show_people else ()),
            str(action.owner),
            action.due_on,
            (day - action.due_on).days,  # late as of the end of the period
        )

    found = found.select_related("nonconformity__center", "owner")
    return columns, found.order_by("due_on", "pk"), row
