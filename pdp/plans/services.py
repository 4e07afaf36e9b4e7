"""The plan of a case: measures, actions, partner requests by secret link, measures letter."""

from __future__ import annotations

import datetime

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from pdp import perms
from pdp.consents import services as consent_services
from pdp.errors import PdpError
from pdp.models import MeasuresLetter, PartnerRequest, PdpCase, PdpMeasure, PlanAction
from pdp.rules.measures import KIND_CODES
from spsti import documents_storage, outbox, secret_links
from spsti.models import OutgoingEmail


def _check(actor: AccessContext, case: PdpCase) -> None:
    if not perms.can_write_case(actor, case):
        raise PermissionDenied("Seuls les membres de la cellule PDP travaillent sur ce dossier.")
    if not case.is_open:
        raise PdpError("Ce dossier est clos.")


def _text(value: str, label: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value or len(value) > max_length or "\x00" in value:
        raise PdpError(f"{label} : obligatoire, {max_length} caractères au plus.")
    return value


@transaction.atomic
def add_measure(
    *,
    actor: AccessContext,
    case: PdpCase,
    kind: str,
    employer_text: str,
    hours: str = "",
    starts_on: datetime.date | None = None,
) -> PdpMeasure:
    """A measure of the plan (kind and legal basis: rules.measures); its text is the
    employer's: adjustments and hours, never a diagnosis."""
    _check(actor, case)
    if kind not in KIND_CODES:
        raise PdpError("Type de mesure inconnu.")
    with audit.actor_context(actor):
        return PdpMeasure.objects.create(
            case=case,
            kind=kind,
            employer_text=_text(employer_text, "Aménagements", 3000),
            hours=(hours or "").strip()[:200],
            starts_on=starts_on,
            created_by=actor.user,
        )


@transaction.atomic
def add_action(
    *,
    actor: AccessContext,
    case: PdpCase,
    label: str,
    owner,
    due_on: datetime.date,
    measure: PdpMeasure | None = None,
) -> PlanAction:
    """An action of the plan, owned by a member of the cell, with its due date."""
    _check(actor, case)
    if measure is not None and measure.case_id != case.pk:
        raise PdpError("Cette mesure n'appartient pas au dossier.")
    if not perms.CellMember.objects.active().filter(center_id=case.center_id, user=owner).exists():
        raise PdpError("Le responsable d'une action est un membre de la cellule.")
    with audit.actor_context(actor):
        return PlanAction.objects.create(
            case=case,
            measure=measure,
            label=_text(label, "Action", 300),
            owner=owner,
            due_on=due_on,
        )


@transaction.atomic
def complete_action(*, actor: AccessContext, action: PlanAction) -> PlanAction:
    """Mark an action done today."""
    _check(actor, action.case)
    action = PlanAction.objects.select_for_update(of=("self",)).get(pk=action.pk)
    if action.done_on:
        raise PdpError("Cette action est déjà faite.")
    action.done_on = timezone.localdate()
    with audit.actor_context(actor):
        action.save(update_fields=["done_on", "updated_at"])
    return action


def _queue_partner_mail(request: PartnerRequest, token: str) -> None:
    """The partner's e-mail with the secret link, in the outbox, in the request's transaction:
    the token exists nowhere else, so a request never stands without its e-mail. The body
    (the link) is erased once sent."""
    link = settings.SPSTI_SITE_URL + reverse("pdp_public:partner-answer", args=[token])
    body = (
        f"Bonjour,\n\nLa cellule de prévention de la désinsertion professionnelle de "
        f"{settings.SPSTI_SERVICE_NAME} sollicite votre avis pour l'accompagnement d'un salarié, "
        f"avec son accord.\n\nRépondez avant le {request.due_on:%d/%m/%Y} par ce lien "
        f"personnel (ne le transférez pas) :\n{link}\n\nLa question figure sur la page.\n"
    )
    outbox.queue_email(
        kind="pdp.plans.partner_request",
        audience=OutgoingEmail.Audience.PUBLIC,
        to=[request.partner.email],
        subject=f"Cellule PDP : une sollicitation à traiter avant le {request.due_on:%d/%m/%Y}",
        body=body,
        related=request,
        key=f"pdp:partner-request:{request.pk}",
        erase_body_once_sent=True,  # the secret link answers the request
    )


@transaction.atomic
def send_partner_request(
    *,
    actor: AccessContext,
    case: PdpCase,
    partner,
    question: str,
    measure: PdpMeasure | None = None,
    today: datetime.date | None = None,
) -> PartnerRequest:
    """Ask a partner of the directory, through a secret link (spsti.secret_links), under a
    consent in force for that partner; its e-mail is queued in the outbox in the same
    transaction (sent after the commit, retried by the outbox if the mail server fails)."""
    _check(actor, case)
    consent = consent_services.require_consent(case, partner)
    if not partner.is_active:
        raise PdpError("Ce partenaire n'est plus actif dans l'annuaire.")
    today = today or timezone.localdate()
    token, digest = secret_links.new_token()
    with audit.actor_context(actor):
        request = PartnerRequest.objects.create(
            case=case,
            measure=measure,
            partner=partner,
            consent=consent,
            question=_text(question, "Question", 3000),
            sent_on=today,
            due_on=today + datetime.timedelta(days=partner.response_days),
            sent_by=actor.user,
            token_hash=digest,
        )
        _queue_partner_mail(request, token)
    return request


def request_by_token(token: str) -> PartnerRequest | None:
    """The partner request a secret link opens, if any."""
    if len(token) > 100:
        return None
    return (
        PartnerRequest.objects.select_related("partner", "consent", "measure")
        .filter(token_hash=secret_links.token_hash(token))
        .first()
    )


@transaction.atomic
def partner_answer(*, request: PartnerRequest, answer: str) -> PartnerRequest:
    """The partner's answer, once; refused if the worker withdrew the consent meanwhile."""
    text = _text(answer, "Votre réponse", 5000)
    if request.consent.withdrawn_on is not None:
        raise PdpError("Le salarié a retiré son accord : cet échange est clos.")
    now = timezone.now()
    with pghistory.context(pdp_partner_request=request.pk):
        updated = PartnerRequest.objects.filter(pk=request.pk, answered_at__isnull=True).update(
            answer=text, answered_at=now, updated_at=now
        )
    if not updated:
        raise PdpError("Vous avez déjà répondu à cette sollicitation. Merci.")
    request.answer, request.answered_at = text, now
    return request


@transaction.atomic
def issue_letter(*, actor: AccessContext, case: PdpCase) -> MeasuresLetter:
    """A new version of the measures letter to the employer; refused while the worker opposes
    sending recommendations (R4624-30) or when no measure is planned. The PDF is rendered in a
    task, after the commit."""
    from pdp.plans import tasks

    _check(actor, case)
    case = PdpCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if case.opposes_prereprise_sharing:
        raise PdpError(
            "Le salarié s'oppose à la transmission des préconisations à l'employeur (R4624-30) : "
            "aucun courrier ne peut lui être adressé."
        )
    adherent_id = case.adherent_id or (case.worker.adherent_id if case.worker_id else None)
    if adherent_id is None:
        raise PdpError("Aucun employeur adhérent n'est connu pour ce dossier.")
    if not case.measures.exclude(status=PdpMeasure.Status.ABANDONED).exists():
        raise PdpError("Aucune mesure à transmettre : ajoutez d'abord une mesure au plan.")
    number = (case.letters.aggregate(n=Max("number"))["n"] or 0) + 1
    with audit.actor_context(actor):
        letter = MeasuresLetter.objects.create(
            case=case, adherent_id=adherent_id, number=number, issued_by=actor.user
        )
    transaction.on_commit(lambda: tasks.render_measures_letter.delay(letter.pk))
    return letter


@transaction.atomic
def store_letter_pdf(*, letter: MeasuresLetter, content: bytes) -> bool:
    """Keep the rendered PDF of its version in the documents storage, with its SHA-256; set
    once (a trigger refuses any rewrite). False when another run stored it first."""
    letter = MeasuresLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.pdf:
        return False
    stored = documents_storage.store(content, app="pdp", kind="measures_letter", extension="pdf")
    letter.pdf, letter.pdf_sha256 = stored.name, stored.sha256
    letter.save(update_fields=["pdf", "pdf_sha256", "updated_at"])
    return True
