"""Writes of the requests inbox (seed 000): the member's requests and thread, the first-level
answer by the service. Routing to partners: adherents.requests.services_partners.

Every write checks who acts, runs in one transaction and leaves nothing on a refusal.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from adherents.models import (
    Adherent,
    MemberRequest,
    RequestCategory,
    RequestChannel,
    RequesterKind,
    RequestMessage,
    RequestStatus,
)
from adherents.requests import selectors
from adherents.rules import requests as rules
from spsti.errors import DomainError

CREATE = "adherents.request:create"
HANDLE = "adherents.request:handle"
BODY_MAX = 5000
SUBJECT_MAX = 200
NAME_MAX = 200
COMMENT_MAX = 2000


class RequestError(DomainError):
    """A request action the rules refuse; the message is French and shown as is."""


def clean_text(value: str | None, label: str, max_length: int = BODY_MAX) -> str:
    text = (value or "").strip()
    if not text:
        raise RequestError(f"Le champ « {label} » est obligatoire.")
    if len(text) > max_length:
        raise RequestError(f"Le champ « {label} » dépasse {max_length} caractères.")
    return text


def _check_category(category: str) -> None:
    if category not in RequestCategory.values:
        raise RequestError("Catégorie de demande inconnue.")


def _requester(kind: str, name: str | None) -> tuple[str, str]:
    """The requester's kind, checked, and its name (optional, for staff eyes only)."""
    if kind not in RequesterKind.values:
        raise RequestError("Indiquez qui a fait la demande : type de demandeur inconnu.")
    name = (name or "").strip()
    if len(name) > NAME_MAX:
        raise RequestError(f"Le nom du demandeur dépasse {NAME_MAX} caractères.")
    return kind, name


def locked(request: MemberRequest) -> MemberRequest:
    return MemberRequest.objects.select_for_update().select_related("adherent").get(pk=request.pk)


# --- the member ----------------------------------------------------------------------------


def can_write_as_member(actor: AccessContext, request: MemberRequest | None = None) -> bool:
    """A person of the member, or its firm under the « Demandes au service » scope, about the
    member's own requests (a firm: those it may read, rules.firm_sees_requester)."""
    if not (actor.is_portal and actor.adherent_id and actor.has_perm(CREATE)):
        return False
    if request is None:
        return True
    if actor.via_firm and not rules.firm_sees_requester(request.requester_kind):
        return False
    return request.adherent_id == actor.adherent_id


def portal_filer(actor: AccessContext) -> dict:
    """Who files a request through the portal, as MemberRequest fields: the employer, or the
    accounting firm acting by mandate (its user is created_by)."""
    return {
        "requester_kind": rules.portal_requester_kind(actor.via_firm),
        "filed_via_firm_id": actor.firm_id,
    }


@transaction.atomic
def create_request(
    *, actor: AccessContext, category: str, subject: str, body: str
) -> MemberRequest:
    if not can_write_as_member(actor):
        raise PermissionDenied
    _check_category(category)
    with audit.actor_context(actor):
        return MemberRequest.objects.create(
            adherent_id=actor.adherent_id,
            channel=RequestChannel.PORTAL,
            category=category,
            subject=clean_text(subject, "Objet", SUBJECT_MAX),
            body=clean_text(body, "Votre demande"),
            created_by=actor.user,
            **portal_filer(actor),
        )


@transaction.atomic
def reply_as_member(*, actor: AccessContext, request: MemberRequest, body: str) -> RequestMessage:
    """The member adds a message; an answered request goes back to the team (in progress)."""
    if not can_write_as_member(actor, request):
        raise PermissionDenied
    request = locked(request)
    if request.status == RequestStatus.CLOSED:
        raise RequestError(
            "Cette demande est close : pour une nouvelle question, ouvrez une demande."
        )
    text = clean_text(body, "Votre message")
    with audit.actor_context(actor):
        message = RequestMessage.objects.create(
            request=request, author=actor.user, author_firm_id=actor.firm_id, body=text
        )
        if request.status == RequestStatus.ANSWERED:
            request.status = RequestStatus.IN_PROGRESS
            request.save(update_fields=["status", "updated_at"])
    return message


@transaction.atomic
def rate(*, actor: AccessContext, request: MemberRequest, score: int, comment: str = "") -> None:
    """Satisfaction 1-5 and a comment, once, after an answer (conditional update: no race)."""
    if not can_write_as_member(actor, request):
        raise PermissionDenied
    if score not in rules.SATISFACTION_SCORES:
        raise RequestError("Choisissez une note de 1 à 5.")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise RequestError(f"Le commentaire dépasse {COMMENT_MAX} caractères.")
    with audit.actor_context(actor):
        updated = MemberRequest.objects.filter(
            pk=request.pk,
            adherent_id=actor.adherent_id,
            status__in=[RequestStatus.ANSWERED, RequestStatus.CLOSED],
            satisfaction__isnull=True,
        ).update(satisfaction=score, satisfaction_comment=comment, updated_at=timezone.now())
    if not updated:
        current = MemberRequest.objects.only("satisfaction", "status").get(pk=request.pk)
        if current.satisfaction is not None:
            raise RequestError("Vous avez déjà donné votre avis sur cette demande : merci !")
        raise RequestError("Vous pourrez donner votre avis une fois la demande répondue.")


# --- the service ---------------------------------------------------------------------------


def can_handle(actor: AccessContext, adherent_team_id: int) -> bool:
    """Staff holding the request code, in the centre whose team follows the member."""
    return actor.is_staff and actor.has_perm(HANDLE) and actor.sees_team(adherent_team_id)


def check_handle(actor: AccessContext, request: MemberRequest) -> None:
    if not can_handle(actor, request.adherent.team_id):
        raise PermissionDenied


@transaction.atomic
def log_request(
    *,
    actor: AccessContext,
    adherent: Adherent,
    channel: str,
    category: str,
    subject: str,
    body: str,
    requester_kind: str = RequesterKind.EMPLOYER,
    requester_name: str = "",
) -> MemberRequest:
    """A request received by phone or e-mail, recorded by the agent (created_by), with who
    asked: the employer, a staff representative, an employee, an accounting firm..."""
    if not can_handle(actor, adherent.team_id):
        raise PermissionDenied
    if channel not in (RequestChannel.PHONE, RequestChannel.EMAIL):
        raise RequestError("Indiquez si la demande a été reçue par téléphone ou par e-mail.")
    _check_category(category)
    requester_kind, requester_name = _requester(requester_kind, requester_name)
    with audit.actor_context(actor):
        return MemberRequest.objects.create(
            adherent=adherent,
            channel=channel,
            requester_kind=requester_kind,
            requester_name=requester_name,
            category=category,
            subject=clean_text(subject, "Objet", SUBJECT_MAX),
            body=clean_text(body, "Demande de l'adhérent"),
            created_by=actor.user,
        )


def find_member(actor: AccessContext, siren: str) -> Adherent:
    """The centre's member with this SIREN, or a French refusal."""
    adherent = Adherent.objects.visible_to(actor).filter(siren=siren).first()
    if adherent is None:
        raise RequestError(f"Aucun adhérent suivi par votre centre n'a le SIREN {siren}.")
    return adherent


@transaction.atomic
def assign(*, actor: AccessContext, request: MemberRequest, assignee) -> MemberRequest:
    """Give the request to a staff member of the centre who can handle requests."""
    check_handle(actor, request)
    if not selectors.assignable_staff(actor).filter(pk=assignee.pk).exists():
        raise RequestError("Cette personne ne traite pas les demandes dans votre centre.")
    request = locked(request)
    request.assigned_to = assignee
    fields = ["assigned_to", "updated_at"]
    if request.status == RequestStatus.NEW:
        request.status = RequestStatus.IN_PROGRESS
        fields.append("status")
    with audit.actor_context(actor):
        request.save(update_fields=fields)
    return request


@transaction.atomic
def answer(*, actor: AccessContext, request: MemberRequest, body: str) -> RequestMessage:
    """First-level answer, visible to the member, who is told by e-mail (after the commit)."""
    from adherents.requests import tasks

    check_handle(actor, request)
    request = locked(request)
    if request.status == RequestStatus.CLOSED:
        raise RequestError("Cette demande est close : elle ne peut plus recevoir de réponse.")
    text = clean_text(body, "Réponse à l'adhérent")
    with audit.actor_context(actor):
        message = RequestMessage.objects.create(request=request, author=actor.user, body=text)
        mark_answered(request)
    transaction.on_commit(lambda: tasks.notify_member_of_answer.delay(message.pk))
    return message


def mark_answered(request: MemberRequest) -> None:
    """Status answered (unless closed) and the first answer's moment, kept once set."""
    fields = ["updated_at"]
    if request.first_answered_at is None:
        request.first_answered_at = timezone.now()
        fields.append("first_answered_at")
    if request.status != RequestStatus.CLOSED:
        request.status = RequestStatus.ANSWERED
        fields.append("status")
    request.save(update_fields=fields)


@transaction.atomic
def add_note(*, actor: AccessContext, request: MemberRequest, body: str) -> RequestMessage:
    """A note for the team only: never shown to the member, nor to partners."""
    check_handle(actor, request)
    text = clean_text(body, "Note interne")
    return RequestMessage.objects.create(
        request=request, author=actor.user, body=text, is_internal=True
    )


@transaction.atomic
def close(*, actor: AccessContext, request: MemberRequest) -> MemberRequest:
    check_handle(actor, request)
    request = locked(request)
    if request.status == RequestStatus.CLOSED:
        raise RequestError("Cette demande est déjà close.")
    request.status = RequestStatus.CLOSED
    request.closed_at = timezone.now()
    with audit.actor_context(actor):
        request.save(update_fields=["status", "closed_at", "updated_at"])
    return request
