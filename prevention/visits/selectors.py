"""Reads of the prevention visit in the workplace: lists, the visit with its checklist, what the
staff read to prepare it, the letters a member may download, the staff who hold visits."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from accounts.context import AccessContext
from accounts.enums import StaffRole
from adherents.joining.selectors import member_application
from adherents.members.selectors import active_contacts, with_weekdays_label
from adherents.models import Adherent, Contact, Establishment, MembershipApplication
from prevention.models import DuerpVersion, FicheVersion, PreventionVisit, PreventionVisitUnit


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
    "letter_read__read_at",  # « lu / non lu »: the receipt joined (one to one), no query more
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
        visits.select_related("establishment__adherent", "assigned_to", "letter_read")
        .only(*LIST_COLUMNS)
        .order_by("-scheduled_on", "-pk")
    )


def visit_content(visit: PreventionVisit) -> PreventionVisit:
    """The visit with its checklist (units, hazards seen) and its letter's read receipt."""
    units = PreventionVisitUnit.objects.prefetch_related("hazards").order_by("pk")
    return (
        PreventionVisit.objects.select_related(
            "establishment__adherent__team", "assigned_to", "letter_read__read_by"
        )
        .prefetch_related(Prefetch("units", queryset=units))
        .get(pk=visit.pk)
    )


@dataclass(frozen=True)
class VisitPreparation:
    """What the staff read before calling the employer to set the visit (seed 002): who to call,
    what the company does, when the establishment can be reached, and where its prevention
    stands. Nothing medical: contacts, hours and the dates of the member's documents."""

    adherent: Adherent  # with joined_on, activity_description, last_primary_action_on
    establishment: Establishment  # the visited one, with `weekdays_label`
    contacts: list[Contact]  # active, of this establishment or of the whole company
    last_sent_fiche: FicheVersion | None  # the latest FE transmitted for this establishment
    last_duerp_version: DuerpVersion | None  # the member's latest published DUERP
    # What the member answered at online joining: its DUERP, the help it wants (DUERP,
    # categorisation); None when it joined otherwise. Seed 002: the prevention team learns it
    # here, where it prepares its first visit, rather than from a trajectory step of its own.
    joining_answers: MembershipApplication | None = None


def visit_preparation(ctx: AccessContext, visit: PreventionVisit) -> VisitPreparation | None:
    """The preparation of a visit in scope, read as the member's file reads it (adherents.members
    selectors), only what it shows: the member, the visited establishment, its contacts, then
    the latest FE sent and DUERP published, the prevention answers of its online application (a
    fixed number of queries, whatever the number of contacts or establishments); None if the
    context does not see the member."""
    establishment_id = visit.establishment_id
    adherent = Adherent.objects.visible_to(ctx).filter(pk=visit.establishment.adherent_id).first()
    if adherent is None:
        return None
    (establishment,) = with_weekdays_label([visit.establishment])
    contacts = active_contacts(ctx, adherent.pk, establishment_id=establishment_id)
    last_sent_fiche = (
        FicheVersion.objects.filter(
            fiche__establishment_id=establishment_id, status=FicheVersion.Status.SENT
        )
        .order_by("-sent_at", "-pk")
        .only("pk", "number", "sent_at", "fiche_id")
        .first()
    )
    last_duerp_version = (  # its date and number only, not its frozen snapshot
        DuerpVersion.objects.filter(duerp__adherent_id=adherent.pk)
        .order_by("-published_at", "-pk")
        .only("pk", "number", "published_at", "cse_consulted_on")
        .first()
    )
    return VisitPreparation(
        adherent,
        establishment,
        contacts,
        last_sent_fiche,
        last_duerp_version,
        joining_answers=member_application(ctx, adherent.pk),
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
