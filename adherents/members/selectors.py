"""Reads of the membership area reused by views, dashboards and other apps."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from accounts.context import PortalChoice
from accounts.enums import StaffRole
from accounts.models import StaffAssignment, Team
from adherents import perms
from adherents.joining import selectors as joining_selectors
from adherents.members.forms import WEEKDAYS
from adherents.models import (
    AccountingFirmMandate,
    Adherent,
    AdherentMembership,
    Contact,
    ContactRole,
    Establishment,
    MembershipApplication,
)

# Who may open a member's joining application and its letter (joining.views_backoffice).
APPLICATION_REVIEW = "adherents.application:review"


@dataclass(frozen=True)
class StaffContact:
    """A person of the service as the member sees them: name and role, never their own
    phone or e-mail (the service's contact points are the centre and the requests inbox)."""

    name: str
    role: str  # StaffRole value
    is_lead: bool = False  # the team's médecin animateur


@dataclass(frozen=True)
class PortalService:
    team: Team  # with its centre
    team_staff: list[StaffContact]
    center_staff: list[StaffContact]


# Centre-wide staff a member deals with besides its team: the IPRP and other prevention
# specialists the team calls on (L4622-8), and the member service. Billing, quality and
# management work for the service, not with the member, and are left out.
MEMBER_FACING_CENTER_ROLES = (
    StaffRole.IPRP,
    StaffRole.ERGONOMIST,
    StaffRole.PSYCHOLOGIST,
    StaffRole.SOCIAL_WORKER,
    StaffRole.JOB_RETENTION_OFFICER,
    StaffRole.MEMBER_SERVICE,
)
_ROLE_ORDER = {role: index for index, role in enumerate(StaffRole.values)}


def portal_service(ctx) -> PortalService:
    """The current member's team (UST, L4622-8) and centre, with the staff in post the member
    deals with: everyone assigned to that team, and the member-facing centre-wide roles of its
    centre (2 queries, whatever the headcount)."""
    team = (
        Adherent.objects.visible_to(ctx).select_related("team__center").get().team
    )  # the member acted for, so never another member's team
    rows = (
        StaffAssignment.objects.in_post()
        .filter(center_id=team.center_id)
        .filter(Q(team_id=team.pk) | Q(team__isnull=True, role__in=MEMBER_FACING_CENTER_ROLES))
        .order_by("user__last_name", "user__first_name", "pk")
        .values_list("team_id", "role", "user_id", "user__first_name", "user__last_name")
    )
    team_staff: list[StaffContact] = []
    center_staff: list[StaffContact] = []
    # One row per person and role: an active assignment is unique per (user, centre, role).
    for team_id, role, user_id, first_name, last_name in rows:
        name = f"{first_name} {last_name}".strip() or "Nom non renseigné"
        is_lead = team_id is not None and user_id == team.lead_physician_id
        (team_staff if team_id else center_staff).append(StaffContact(name, role, is_lead))
    for contacts in (team_staff, center_staff):  # stable: by role, then by name
        contacts.sort(key=lambda c: (not c.is_lead, _ROLE_ORDER.get(c.role, len(_ROLE_ORDER))))
    return PortalService(team, team_staff, center_staff)


@dataclass(frozen=True)
class PortalSummary:
    adherent: Adherent  # annotated with establishment_count
    active_mandates: list[AccountingFirmMandate]


def portal_summary(ctx) -> PortalSummary:
    """The current member with its establishment count and the firms acting for it (3 queries)."""
    adherent = (
        Adherent.objects.visible_to(ctx)
        .select_related("team__center")
        .annotate(establishment_count=Count("establishments"))
        .get()
    )
    mandates = []
    if perms.can_manage_mandates(ctx, adherent):
        mandates = list(
            AccountingFirmMandate.objects.active().filter(adherent=adherent).select_related("firm")
        )
    return PortalSummary(adherent, mandates)


@dataclass(frozen=True)
class MemberFile:
    """What the back-office member page shows: the member, its establishments (each with
    `weekdays_label`), active contacts, firms in force and its online application if any."""

    adherent: Adherent
    establishments: list[Establishment]
    contacts: list[Contact]
    mandates: list[AccountingFirmMandate]
    application: MembershipApplication | None  # for the application's reviewers only
    isolated_count: int
    # The same application, for its prevention answers (DUERP, help wanted), shown to all.
    joining_answers: MembershipApplication | None = None


def with_weekdays_label(establishments) -> list[Establishment]:
    """The establishments, each with `weekdays_label`: its convocation days in French."""
    days = dict(WEEKDAYS)
    establishments = list(establishments)
    for establishment in establishments:
        establishment.weekdays_label = ", ".join(
            days[d] for d in establishment.convocation_weekdays if d in days
        )
    return establishments


def active_contacts(ctx, adherent_id: int, *, establishment_id: int | None = None) -> list[Contact]:
    """The member's active contacts (one query); with `establishment_id`, only those of that
    establishment or of the whole company."""
    contacts = Contact.objects.visible_to(ctx).filter(adherent_id=adherent_id, is_active=True)
    if establishment_id is not None:
        contacts = contacts.filter(
            Q(establishment_id=establishment_id) | Q(establishment__isnull=True)
        )
    return list(
        contacts.select_related("establishment").order_by("role", "last_name", "first_name", "pk")
    )


# Whom the service writes to for the member as a whole, in this order: the employer's
# representative first; billing only handles invoices and is never the main contact.
MAIN_CONTACT_ROLES = (
    ContactRole.MANAGER,
    ContactRole.HR,
    ContactRole.PREVENTION,
    ContactRole.SST_REFERENT,
)


def main_contact(adherent_id: int) -> Contact | None:
    """The member's main contact (one query): its active contact of the first role of
    MAIN_CONTACT_ROLES it has, for the whole company before one establishment's; None when it
    has none (its e-mail is always set: contact_has_email)."""
    rank = Case(
        *(When(role=role, then=Value(i)) for i, role in enumerate(MAIN_CONTACT_ROLES)),
        output_field=IntegerField(),
    )
    return (
        Contact.objects.filter(
            adherent_id=adherent_id, is_active=True, role__in=list(MAIN_CONTACT_ROLES)
        )
        .order_by(rank, F("establishment_id").asc(nulls_first=True), "pk")
        .first()
    )


def member_file(ctx, pk: int) -> MemberFile | None:
    """A member of the current centre's teams with what the staff read before a welcome call or
    a prevention visit (5 queries whatever the number of establishments and contacts); None for
    a member the context does not see (a 404)."""
    adherent = Adherent.objects.visible_to(ctx).select_related("team__center").filter(pk=pk).first()
    if adherent is None:
        return None
    establishments = with_weekdays_label(adherent.establishments.all())
    contacts = active_contacts(ctx, adherent.pk)
    mandates = list(
        AccountingFirmMandate.objects.active().filter(adherent=adherent).select_related("firm")
    )
    # Its prevention answers are for every role of the page (the prevention team first); the
    # links to the application and its letter, for the application's own gate only.
    answers = joining_selectors.member_application(ctx, adherent.pk)
    application = answers if ctx.has_perm(APPLICATION_REVIEW) else None
    return MemberFile(
        adherent,
        establishments,
        contacts,
        mandates,
        application,
        isolated_count=sum(e.kind == Establishment.Kind.ISOLATED for e in establishments),
        joining_answers=answers,
    )


def center_summary(ctx) -> dict[str, int]:
    """Members of the current centre by status (one query, an index-only scan of
    adherent_team_status_idx: the team counted, never null, not the id the index does not hold)."""
    return Adherent.objects.visible_to(ctx).aggregate(
        total=Count("team"),
        active=Count("team", filter=Q(status=Adherent.Status.ACTIVE)),
        tns=Count("team", filter=Q(kind=Adherent.Kind.TNS)),
    )


def establishment_list(ctx) -> QuerySet[Establishment]:
    """Establishments visible in this context, ready for a list."""
    return Establishment.objects.visible_to(ctx).select_related("adherent")


# The list's order, paged by key (spsti.pagination): index adherent_name_idx (its
# prefix bounds the row comparison).
LIST_ORDER = ("name", "pk")
# What the list shows (and its order's key): a row of every column, decoded into a model, costs
# a page of 50 rows about 0.3 ms more.
LIST_COLUMNS = ("name", "siren", "naf_code", "status", "team_id", "team__name")


def adherent_list(ctx, *, search: str = "") -> QuerySet[Adherent]:
    """Members visible in this context, with their team, optionally filtered by name or SIREN."""
    qs = Adherent.objects.visible_to(ctx).select_related("team").only(*LIST_COLUMNS)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(siren__startswith=search.replace(" ", "")))
    return qs.order_by(*LIST_ORDER)


def member_emails(
    adherent_ids: Iterable[int] | QuerySet, roles: Iterable[str]
) -> dict[int, list[str]]:
    """{adherent_id: sorted e-mails} of the active users holding one of `roles` in these members
    (one query; `adherent_ids` may be a subquery)."""
    rows = AdherentMembership.objects.filter(
        adherent_id__in=adherent_ids, role__in=list(roles), is_active=True, user__is_active=True
    ).values_list("adherent_id", "user__email")
    emails: dict[int, set[str]] = {}
    for adherent_id, email in rows:
        if email:
            emails.setdefault(adherent_id, set()).add(email.strip().lower())
    return {adherent_id: sorted(found) for adherent_id, found in emails.items()}


def portal_choices(user) -> list[PortalChoice]:
    """Every member this portal user may act for today (two queries); registered in
    accounts.context by AdherentsConfig.ready()."""
    choices = [
        PortalChoice(
            key=_member_key(m.adherent_id),
            adherent_id=m.adherent_id,
            adherent_name=m.adherent.name,
            role=m.role,
            member_ended_on=m.adherent.ended_on,
        )
        for m in AdherentMembership.objects.filter(user=user, is_active=True)
        .select_related("adherent")
        .order_by("adherent__name")
    ]
    mandates = (
        AccountingFirmMandate.objects.active()
        .filter(firm__members__user=user, firm__members__is_active=True)
        .select_related("firm", "adherent")
        .order_by("adherent__name")
    )
    choices += [
        PortalChoice(
            key=_firm_key(m.firm_id, m.adherent_id),
            adherent_id=m.adherent_id,
            adherent_name=m.adherent.name,
            firm_id=m.firm_id,
            firm_name=m.firm.name,
            scopes=tuple(m.scopes),
            member_ended_on=m.adherent.ended_on,
        )
        for m in mandates
    ]
    return choices


def _member_key(adherent_id: int) -> str:
    return f"adherent:{adherent_id}"


def _firm_key(firm_id: int, adherent_id: int) -> str:
    return f"firm:{firm_id}:{adherent_id}"


def grant_subqueries(*, user: str, adherent: str, firm: str) -> dict[str, Subquery]:
    """For rows naming a portal user, a member and maybe a firm (an API token): the one choice
    of portal_choices() they name, read in the rows' own query. `grant_role`: the user's active
    role in the member; `grant_scopes`: the scopes of the firm's mandate in force for the member,
    the user being an active collaborator of the firm. None when there is no such grant."""
    role = AdherentMembership.objects.filter(
        user=OuterRef(user), adherent=OuterRef(adherent), is_active=True
    ).values("role")[:1]
    scopes = (
        AccountingFirmMandate.objects.active()
        .filter(
            firm=OuterRef(firm),
            adherent=OuterRef(adherent),
            firm__members__user=OuterRef(user),
            firm__members__is_active=True,
        )
        .order_by("pk")
        .values("scopes")[:1]
    )
    return {"grant_role": Subquery(role), "grant_scopes": Subquery(scopes)}


def granted_choice(
    *,
    adherent_id: int,
    adherent_name: str,
    firm_id: int | None,
    role: str | None,
    scopes: list[str] | None,
    member_ended_on: datetime.date | None = None,
) -> PortalChoice | None:
    """The choice a row annotated by grant_subqueries() stands for, None if it has lost it;
    `member_ended_on`: the member's end of membership (its tokens then only read)."""
    if firm_id is None:
        if role is None:
            return None
        return PortalChoice(
            key=_member_key(adherent_id),
            adherent_id=adherent_id,
            adherent_name=adherent_name,
            role=role,
            member_ended_on=member_ended_on,
        )
    if scopes is None:
        return None
    return PortalChoice(
        key=_firm_key(firm_id, adherent_id),
        adherent_id=adherent_id,
        adherent_name=adherent_name,
        firm_id=firm_id,
        scopes=tuple(scopes),
        member_ended_on=member_ended_on,
    )
