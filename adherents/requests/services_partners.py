"""The second level (seed 000: "un réseau de partenaires, acteurs en back-office, pour une
réponse de deuxième niveau"): the partner directory, routing a request to a partner by a
secret link, and the partner's answer through that link.

The link's token is shown once, in the partner's e-mail; only its SHA-256 is stored.
"""

from __future__ import annotations

import datetime

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from adherents.models import (
    MemberRequest,
    Partner,
    PartnerKind,
    PartnerReferral,
    RequestMessage,
    RequestStatus,
)
from adherents.requests import services_mail as requests_mail
from adherents.requests.services import (
    RequestError,
    check_handle,
    clean_text,
    locked,
    mark_answered,
)
from adherents.rules import requests as rules
from spsti import secret_links

MANAGE = "adherents.partner:manage"


# --- the directory -------------------------------------------------------------------------


def _check_manage(actor: AccessContext) -> None:
    if not (actor.is_staff and actor.has_perm(MANAGE)):
        raise PermissionDenied


@transaction.atomic
def save_partner(*, actor: AccessContext, partner: Partner | None = None, **values) -> Partner:
    """Create a partner (partner=None) or update one; kind, e-mail and delay are checked."""
    _check_manage(actor)
    if values.get("kind") not in PartnerKind.values:
        raise RequestError("Type de partenaire inconnu.")
    days = values.get("response_days")
    if not isinstance(days, int) or not 1 <= days <= 365:
        raise RequestError("Le délai de réponse doit être compris entre 1 et 365 jours.")
    partner = partner or Partner()
    partner.name = clean_text(values.get("name"), "Nom", 200)
    partner.kind = values["kind"]
    partner.region = (values.get("region") or "").strip()
    partner.email = clean_text(values.get("email"), "E-mail", 254)
    try:
        validate_email(partner.email)
    except ValidationError as error:
        raise RequestError("Saisissez une adresse e-mail valide.") from error
    partner.phone = (values.get("phone") or "").strip()
    partner.response_days = days
    partner.is_active = bool(values.get("is_active", True))
    with audit.actor_context(actor):
        partner.save()
    return partner


@transaction.atomic
def deactivate_partner(*, actor: AccessContext, partner: Partner) -> Partner:
    """No longer proposed for routing; its past referrals stay as they are."""
    _check_manage(actor)
    partner.is_active = False
    with audit.actor_context(actor):
        partner.save(update_fields=["is_active", "updated_at"])
    return partner


# --- routing -------------------------------------------------------------------------------


@transaction.atomic
def route(
    *,
    actor: AccessContext,
    request: MemberRequest,
    partner: Partner,
    due_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> PartnerReferral:
    """Send the request to a partner with a secret link; the member is told in its thread.

    The partner's e-mail is queued in the outbox in the same transaction (spsti.outbox): the
    token exists nowhere else, so a referral never stands without its e-mail.
    """
    check_handle(actor, request)
    today = today or timezone.localdate()
    if not partner.is_active:
        raise RequestError("Ce partenaire n'est plus actif dans l'annuaire.")
    request = locked(request)
    if request.status == RequestStatus.CLOSED:
        raise RequestError("Cette demande est close : elle ne peut plus être transmise.")
    due_on = due_on or rules.referral_due_on(today, partner.response_days)
    if error := rules.due_on_error(due_on, today):
        raise RequestError(error)
    token, digest = secret_links.new_token()
    with audit.actor_context(actor):
        referral = PartnerReferral.objects.create(
            request=request,
            partner=partner,
            sent_on=today,
            due_on=due_on,
            sent_by=actor.user,
            token_hash=digest,
        )
        RequestMessage.objects.create(
            request=request,
            author=actor.user,
            body=(
                f"Votre demande a été transmise à {partner.name} pour une réponse spécialisée, "
                f"attendue au plus tard le {due_on:%d/%m/%Y}. Nous vous la communiquerons ici."
            ),
        )
        request.status = RequestStatus.ROUTED
        request.save(update_fields=["status", "updated_at"])
        # In the same transaction: the referral and its mail (with the token) go together.
        requests_mail.queue_referral(referral, token)
    return referral


@transaction.atomic
def partner_answer(*, referral: PartnerReferral, answer: str) -> RequestMessage:
    """The partner's answer, once: a message the member sees, signed with the partner's name.

    A conditional update records it, so two submissions of the same link cannot both win.
    """
    from adherents.requests import tasks

    text = clean_text(answer, "Votre réponse")
    now = timezone.now()
    with pghistory.context(partner_referral=referral.pk):
        updated = PartnerReferral.objects.filter(pk=referral.pk, answered_at__isnull=True).update(
            answer=text, answered_at=now, updated_at=now
        )
        if not updated:
            answered_at = PartnerReferral.objects.values_list("answered_at", flat=True).get(
                pk=referral.pk
            )
            raise RequestError(
                "Vous avez déjà répondu à cette demande le "
                f"{timezone.localtime(answered_at):%d/%m/%Y à %H:%M}. Merci, votre réponse a "
                "bien été transmise au service."
            )
        request = locked(referral.request)
        message = RequestMessage.objects.create(
            request=request, author=None, author_label=referral.partner.name, body=text
        )
        mark_answered(request)
    transaction.on_commit(lambda: tasks.notify_partner_answer.delay(referral.pk, message.pk))
    return message
