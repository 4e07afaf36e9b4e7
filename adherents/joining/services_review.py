"""The member service's review of an application: corrections, rejection, validation (which
creates the member, its establishments, contacts, portal account, letter and trajectory in one
transaction), and a new activation link for anyone of a member (seed 002: 17 % never got
their codes)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit, invitations
from accounts.context import AccessContext
from accounts.emails import UnprovenAddressError
from accounts.enums import AdherentRole, UserKind
from accounts.models import StaffAssignment, Team
from adherents import perms
from adherents.joining import selectors
from adherents.joining.services import (
    JoiningError,
    member_siren_error,
    new_token,
    queue_application_mail,
    send_link,
)
from adherents.models import (
    Adherent,
    AdherentMembership,
    ApplicationStatus,
    Contact,
    Establishment,
    MembershipApplication,
    TrajectoryStep,
)
from adherents.rules import joining as rules
from adherents.trajectory.services import (
    close_former_membership_steps,
    start_new_member_trajectory,
)
from spsti import documents_storage
from spsti.pdf import html_to_pdf

REVIEW = "adherents.application:review"
LETTER_TEMPLATE = "adherents/joining/pdf/validation_letter.html"


def _require(actor: AccessContext, code: str = REVIEW) -> None:
    perms.require_staff(actor, code)


def _locked(actor: AccessContext, application: MembershipApplication, *statuses: str):
    _require(actor)
    # Not given to a team yet, or to one of the actor's centre (another centre's: 404).
    application = perms.visible(
        MembershipApplication.objects.select_for_update(), actor, application.pk
    )
    if application.status not in statuses:
        raise JoiningError(
            f"Cette demande est « {application.get_status_display()} » : action impossible."
        )
    return application


def _reviewed(application: MembershipApplication, actor: AccessContext, message: str = ""):
    application.reviewed_at = timezone.now()
    application.reviewed_by = actor.user
    if message:
        application.review_message = message


@transaction.atomic
def request_changes(
    *, actor: AccessContext, application: MembershipApplication, message: str
) -> MembershipApplication:
    """Send the file back to the applicant with what to correct, and a new link."""
    application = _locked(actor, application, ApplicationStatus.SUBMITTED)
    if not message.strip():
        raise JoiningError("Indiquez au demandeur ce qu'il doit corriger.")
    token = new_token(application)
    application.status = ApplicationStatus.CHANGES_REQUESTED
    _reviewed(application, actor, message.strip())
    with audit.actor_context(actor):
        application.save()
    send_link(application, token, template="changes")
    return application


@transaction.atomic
def reject(
    *, actor: AccessContext, application: MembershipApplication, reason: str
) -> MembershipApplication:
    application = _locked(
        actor, application, ApplicationStatus.SUBMITTED, ApplicationStatus.CHANGES_REQUESTED
    )
    if not reason.strip():
        raise JoiningError("Le motif du refus est obligatoire : il est envoyé au demandeur.")
    application.status = ApplicationStatus.REJECTED
    _reviewed(application, actor, reason.strip())
    with audit.actor_context(actor):
        application.save()
    queue_application_mail(application, "rejected", application.applicant_email)
    return application


def admin_email_choices(application: MembershipApplication) -> list[tuple[str, str]]:
    """Who may receive the member's admin account: the applicant or one of its contacts (the
    applicant is sometimes the accounting firm, seed 002: 25 % of files)."""
    choices = {application.applicant_email: f"{application.applicant_email} (demandeur)"}
    for contact in application.contacts:
        email = contact["email"].lower()
        choices.setdefault(email, f"{email} ({contact['first_name']} {contact['last_name']})")
    return list(choices.items())


def validate(
    *,
    actor: AccessContext,
    application: MembershipApplication,
    team: Team,
    admin_email: str = "",
    today: datetime.date | None = None,
) -> Adherent:
    """Turn the application into a member, all or nothing; the database's unique SIREN/SIRET
    have the last word (a SIRET registered meanwhile: French message, nothing written)."""
    _require(actor)
    if not actor.sees_team(team.pk):
        raise JoiningError("Choisissez une équipe de votre centre.")
    try:
        with transaction.atomic():
            return _validate(actor, application, team, admin_email, today or timezone.localdate())
    except IntegrityError:
        raise JoiningError(_conflict_message(application)) from None


def _conflict_message(application: MembershipApplication) -> str:
    application.refresh_from_db()
    reasons = [error] if (error := member_siren_error(application.siren)) else []
    taken = selectors.taken_sirets(
        (e["siret"] for e in application.establishments), siren=application.siren
    )
    reasons += [f"le SIRET {siret} vient d'être enregistré au service" for siret in sorted(taken)]
    detail = " ; ".join(reasons) or "une donnée vient d'être enregistrée par ailleurs"
    return f"Validation impossible, rien n'a été enregistré : {detail}."


def _validate(actor, application, team, admin_email, today) -> Adherent:
    application = _locked(actor, application, ApplicationStatus.SUBMITTED)
    if problems := rules.application_problems(application):
        raise JoiningError("Demande incomplète : " + " ".join(problems))
    admin_email = (admin_email or application.applicant_email).lower()
    if admin_email not in dict(admin_email_choices(application)):
        raise JoiningError("Choisissez le compte administrateur parmi les adresses de la demande.")
    # A former member of this SIREN comes back as the same row: its earlier period stays in
    # its history (pghistory), and its establishments, invoices and workers stay its own.
    former = selectors.former_member(application.siren, lock=True)
    with audit.actor_context(actor, rejoined=former is not None):
        membership = {
            "name": application.company_name,
            "naf_code": application.naf_code,
            "team": team,
            "joined_on": today,
            "legal_form": application.legal_form,
            "activity_description": application.activity_description,
        }
        if former is None:
            adherent = Adherent.objects.create(siren=application.siren, **membership)
        else:
            adherent = _reactivate(former, application, membership)
            close_former_membership_steps(adherent=adherent, on=today)
        Establishment.objects.bulk_create(_establishments(application, adherent))
        Contact.objects.bulk_create(
            Contact(adherent=adherent, **{k: c[k] for k in _CONTACT_FIELDS})
            for c in application.contacts
        )
        user = _admin_user(application, admin_email)
        _grant_admin(user, adherent)
        start_new_member_trajectory(adherent=adherent, validated_on=today)
        application.status = ApplicationStatus.VALIDATED
        application.adherent = adherent
        application.team = team
        _reviewed(application, actor)
        content = html_to_pdf(LETTER_TEMPLATE, letter_context(application))
        stored = documents_storage.store(
            content, app="adherents", kind="joining_letter", extension="pdf"
        )
        application.letter_pdf, application.letter_sha256 = stored.name, stored.sha256
        application.save()
    invitations.send_invitation(
        user,
        organisation=adherent.name,
        reason=(
            f"Votre demande d'adhésion a été validée le {today:%d/%m/%Y} : bienvenue ! "
            f"Votre entreprise est suivie par l'équipe {team.name} ({team.center.name})."
        ),
        related=application,
    )
    return adherent


_CONTACT_FIELDS = ("role", "first_name", "last_name", "email", "phone")


def _reactivate(adherent: Adherent, application, membership: dict) -> Adherent:
    """The former member back in membership, as the application describes it today; its
    establishments already known stay (the head office is the application's), its contacts
    are replaced by the application's (ended, never deleted)."""
    for name, value in membership.items():
        setattr(adherent, name, value)
    adherent.status = Adherent.Status.ACTIVE
    adherent.ended_on = None
    adherent.end_reason = ""
    adherent.save()
    head = next(
        (e["siret"] for e in application.establishments if e["kind"] == rules.HEAD_OFFICE), None
    )
    known, now = adherent.establishments.all(), timezone.now()
    # The former head office first (one per member), then the application's, if already known.
    known.filter(is_head_office=True).exclude(siret=head).update(
        is_head_office=False, kind=Establishment.Kind.SITE, updated_at=now
    )
    known.filter(siret=head).update(
        is_head_office=True, kind=Establishment.Kind.HEAD_OFFICE, updated_at=now
    )
    Contact.objects.filter(adherent=adherent, is_active=True).update(
        is_active=False, updated_at=now
    )
    return adherent


def _grant_admin(user, adherent: Adherent) -> None:
    """The member's admin account (a former member's person may still hold a role in it)."""
    membership = AdherentMembership.objects.filter(
        user=user, adherent=adherent, is_active=True
    ).first()
    if membership is None:
        AdherentMembership.objects.create(user=user, adherent=adherent, role=AdherentRole.ADMIN)
    elif membership.role != AdherentRole.ADMIN:
        membership.role = AdherentRole.ADMIN
        membership.save(update_fields=["role", "updated_at"])


def _establishments(application, adherent) -> list[Establishment]:
    """The application's establishments the member does not have yet."""
    known = set(adherent.establishments.values_list("siret", flat=True))
    return [
        Establishment(
            adherent=adherent,
            kind=entry["kind"],
            is_head_office=entry["kind"] == rules.HEAD_OFFICE,
            siret=entry["siret"],
            name=entry["name"],
            address=entry["address"],
            postal_code=entry["postal_code"],
            city=entry["city"],
            opening_hours=entry.get("opening_hours") or application.opening_hours,
            convocation_weekdays=sorted(set(application.convocation_weekdays)),
            convocation_half_day=application.convocation_half_day,
        )
        for entry in application.establishments
        if entry["siret"] not in known
    ]


def _admin_user(application, email: str):
    contact = next((c for c in application.contacts if c["email"].lower() == email), {})
    try:
        user = invitations.get_or_create_portal_user(
            email=email,
            first_name=contact.get("first_name", ""),
            last_name=contact.get("last_name", ""),
        )
    except UnprovenAddressError as error:  # e-mail claiming (issue 10, item 2)
        raise JoiningError(str(error)) from error
    if user.kind != UserKind.PORTAL:
        raise JoiningError(
            f"L'adresse {email} est celle d'un compte du service : choisissez une autre adresse "
            "pour le compte administrateur de l'adhérent."
        )
    return user


def letter_context(application: MembershipApplication) -> dict:
    """What the validation letter says, read back from a validated application: the
    acknowledgement, the team and centre, the correspondents, what happens next. No access
    code: the portal is opened by the e-mailed activation link."""
    adherent, team = application.adherent, application.team
    return {
        "application": application,
        "adherent": adherent,
        "team": team,
        "center": team.center,
        "center_name": team.center.name,
        "today": adherent.joined_on,
        "establishments": adherent.establishments.order_by("-is_head_office", "name"),
        "contact_rows": selectors.summary(application)["contacts"],
        "correspondents": StaffAssignment.objects.filter(team=team, ended_on__isnull=True)
        .select_related("user")
        .order_by("role", "user__last_name"),
        "reviewer": application.reviewed_by,
        "steps": TrajectoryStep.objects.filter(
            adherent=adherent, cycle_year__isnull=True, joined_on=adherent.joined_on
        )
        .select_related("definition")
        .order_by("due_on"),
    }


@transaction.atomic
def resend_invitation(*, actor: AccessContext, membership: AdherentMembership) -> None:
    """A new activation link for a person of a member (the previous one keeps its expiry)."""
    _require(actor, "adherents.adherent:manage")
    membership = AdherentMembership.objects.select_related("user", "adherent").get(pk=membership.pk)
    if not actor.sees_team(membership.adherent.team_id):
        raise PermissionDenied
    if not membership.is_active or membership.user.kind != UserKind.PORTAL:
        raise JoiningError("Ce rôle est terminé : aucun lien n'est envoyé.")
    invitations.send_invitation(
        membership.user,
        organisation=membership.adherent.name,
        reason="Le service adhérents vous envoie un nouveau lien d'accès à votre espace adhérent.",
    )
