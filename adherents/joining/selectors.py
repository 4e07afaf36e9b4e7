"""Reads of the joining area: applications by their secret link, reviews, contacts, conflicts."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from adherents.members.forms import WEEKDAYS
from adherents.models import (
    Adherent,
    AdherentMembership,
    ApplicationStatus,
    Contact,
    ContactRole,
    Establishment,
    MembershipApplication,
)
from spsti import secret_links

EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED)


def application_by_token(token: str) -> MembershipApplication | None:
    """The application this secret link opens, or None (a wrong link is a 404)."""
    return MembershipApplication.objects.filter(token_hash=secret_links.token_hash(token)).first()


def taken_sirets(sirets: Iterable[str], *, siren: str = "") -> set[str]:
    """The SIRETs among these that an establishment of the service already has (one query),
    except those of the former member of SIREN `siren`: it comes back with them."""
    sirets = [s for s in sirets if s]
    if not sirets:
        return set()
    taken = Establishment.objects.filter(siret__in=sirets)
    if siren:
        taken = taken.exclude(adherent__siren=siren, adherent__status=Adherent.Status.ENDED)
    return set(taken.values_list("siret", flat=True))


def siren_is_member(siren: str) -> bool:
    """Whether a member of this SIREN is in membership (active or suspended): a former member
    (struck off, resigned) may apply again."""
    return (
        bool(siren)
        and Adherent.objects.filter(siren=siren).exclude(status=Adherent.Status.ENDED).exists()
    )


def former_member(siren: str, *, lock: bool = False) -> Adherent | None:
    """The former member (status « Radié ») of this SIREN, which an application reactivates;
    `lock`: its row locked for the validation that reactivates it."""
    if not siren:
        return None
    members = Adherent.objects.select_for_update(of=("self",)) if lock else Adherent.objects
    return members.filter(siren=siren, status=Adherent.Status.ENDED).first()


def application_list(ctx, *, status: str = "") -> QuerySet[MembershipApplication]:
    """Applications a reviewer of this centre sees: not yet given to a team, or to one of its
    teams. Bounded for a list (no per-row query)."""
    qs = MembershipApplication.objects.visible_to(ctx)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-submitted_at", "-created_at", "-pk")


def application_for_review(ctx, pk: int) -> MembershipApplication | None:
    return (
        application_list(ctx)
        .select_related("team__center", "reviewed_by", "adherent")
        .filter(pk=pk)
        .first()
    )


# What the member's pages read of its application: the link, the letter, the prevention answers.
MEMBER_APPLICATION_FIELDS = (
    "pk",
    "status",
    "submitted_at",
    "letter_pdf",
    "existing_duerp",
    "wants_duerp_help",
    "wants_category_help",
)


def member_application(ctx, adherent_id: int) -> MembershipApplication | None:
    """The member's online application in the context's scope (a former member's latest, when
    it came back), with what the member file and the visit preparation show of it (one
    query); None when the member did not join online."""
    return (
        MembershipApplication.objects.visible_to(ctx)
        .filter(adherent_id=adherent_id)
        .only(*MEMBER_APPLICATION_FIELDS)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def contact_list(ctx, *, active_only: bool = False) -> QuerySet[Contact]:
    """The current member's contacts (portal), active first."""
    qs = Contact.objects.visible_to(ctx)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.select_related("establishment").order_by("-is_active", "role", "last_name", "pk")


def memberships_of(adherent: Adherent) -> QuerySet[AdherentMembership]:
    """The people with a portal account for this member (back-office: resend their link)."""
    return (
        AdherentMembership.objects.filter(adherent=adherent)
        .select_related("user")
        .order_by("-is_active", "user__email")
    )


def summary(application: MembershipApplication) -> dict:
    """The application's lists with their French labels, for the summary pages."""
    roles = dict(ContactRole.choices)
    days = dict(WEEKDAYS)
    half_days = {"": "indifférent", "am": "le matin", "pm": "l'après-midi"}
    return {
        "contacts": [{**c, "role_label": roles.get(c["role"], "")} for c in application.contacts],
        "weekdays": ", ".join(days[d] for d in application.convocation_weekdays if d in days),
        "half_day": half_days.get(application.convocation_half_day, ""),
    }
