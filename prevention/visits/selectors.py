"""Reads of the prevention visit in the workplace: lists, the visit with its checklist, the
letters a member may download, the staff who hold visits."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accounts.context import AccessContext
from accounts.enums import StaffRole
from prevention.models import PreventionVisit, PreventionVisitUnit


def visit_list(ctx: AccessContext) -> QuerySet[PreventionVisit]:
    return PreventionVisit.objects.visible_to(ctx).select_related(
        "establishment__adherent__team", "assigned_to"
    )


# What a row of the back office's list shows (visits/backoffice/list.html): a page reads these
# columns only, not the visit's texts nor its members' and establishments' whole rows.
LIST_COLUMNS = (
    "scheduled_on",
    "due_on",
    "status",
    "letter_sha256",
    "establishment__name",
    "establishment__adherent__name",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__email",
)


def visit_list_page(ctx: AccessContext, status: str = "") -> QuerySet[PreventionVisit]:
    """The list page's rows, latest first (pvisit_list_order_idx read backwards by key)."""
    visits = PreventionVisit.objects.visible_to(ctx)
    if status:
        visits = visits.filter(status=status)
    return (
        visits.select_related("establishment__adherent", "assigned_to")
        .only(*LIST_COLUMNS)
        .order_by("-scheduled_on", "-pk")
    )


def visit_content(visit: PreventionVisit) -> PreventionVisit:
    """The visit with its checklist (units, hazards seen)."""
    units = PreventionVisitUnit.objects.prefetch_related("hazards").order_by("pk")
    return (
        PreventionVisit.objects.select_related("establishment__adherent__team", "assigned_to")
        .prefetch_related(Prefetch("units", queryset=units))
        .get(pk=visit.pk)
    )


def member_letters(ctx: AccessContext) -> QuerySet[PreventionVisit]:
    """For the member: its held prevention visits whose letter was sent."""
    return visit_list(ctx).filter(letter_sha256__gt="").order_by("-held_on", "-pk")


def prevention_staff(ctx: AccessContext):
    """Prevention assistants and IPRP in post in the current centre (who hold the visits)."""
    from accounts.models import User

    return (
        User.objects.filter(
            staff_assignments__center_id=ctx.center_id,
            staff_assignments__role__in=[StaffRole.PREVENTION_ASSISTANT, StaffRole.IPRP],
            staff_assignments__ended_on__isnull=True,
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
