"""Writes of the CBI screening: save and resume, submit (scored on the server with
tns.rules.cbi), the proposal of contact at or above the trigger, its handling to closure."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.enums import StaffRole
from accounts.models import StaffAssignment
from pdp.cases import services as pdp_services
from pdp.errors import PdpError
from spsti import outbox
from spsti.errors import DomainError
from spsti.french import plural
from spsti.models import OutgoingEmail
from tns import perms
from tns.models import (
    ContactProposal,
    Escalation,
    ProposalStatus,
    Screening,
    ScreeningStatus,
    TnsOffer,
)
from tns.rules import cbi


class ScreeningError(DomainError):
    """A refusal of the screening; French message shown as is."""


def thresholds() -> cbi.Thresholds:
    offer = TnsOffer.current()
    if offer is None:
        return cbi.DEFAULT_THRESHOLDS
    return cbi.Thresholds(trigger=offer.trigger_work_score)


def asked_items(serves_clients: bool) -> tuple[cbi.Item, ...]:
    """Self-employed: personal and work scales; client scale only if they serve clients."""
    return tuple(i for i in cbi.ITEMS if serves_clients or i.scale is not cbi.Scale.CLIENT)


def clean_answers(raw: dict[str, Any], serves_clients: bool) -> dict[str, int]:
    """Only known items and positions 0 … 4 are kept (a forged value is refused)."""
    answers: dict[str, int] = {}
    for item in asked_items(serves_clients):
        value = raw.get(item.key)
        if value in (None, ""):
            continue
        try:
            position = int(value)
        except (TypeError, ValueError):
            raise ScreeningError(f"Réponse invalide à la question « {item.text} ».") from None
        if position not in cbi.POSITIONS:
            raise ScreeningError(f"Réponse invalide à la question « {item.text} ».")
        answers[item.key] = position
    return answers


@transaction.atomic
def start_or_resume(*, actor, serves_clients: bool | None = None) -> Screening:
    """The person's draft, or a new one on their open affiliation."""
    today = timezone.localdate()
    affiliation = (
        actor.user.tns_affiliations.open_on(today).select_for_update().order_by("-start_on").first()
    )
    if affiliation is None:
        raise ScreeningError(
            "Votre affiliation à l'offre n'est pas en cours : le dépistage n'est pas accessible."
        )
    draft = Screening.objects.filter(person=actor.user, status=ScreeningStatus.DRAFT).first()
    if draft is not None:
        return draft
    with audit.actor_context(actor):
        return Screening.objects.create(
            person=actor.user,
            affiliation=affiliation,
            serves_clients=affiliation.serves_clients if serves_clients is None else serves_clients,
        )


def _own_draft(actor, screening: Screening) -> Screening:
    screening = Screening.objects.select_for_update().get(pk=screening.pk)
    if screening.person_id != actor.user.pk:
        raise PermissionDenied
    if screening.status != ScreeningStatus.DRAFT:
        raise ScreeningError("Ce questionnaire est déjà terminé.")
    return screening


@transaction.atomic
def save_answers(*, actor, screening: Screening, raw: dict[str, Any], serves_clients: bool):
    """Save what is answered so far (resume later)."""
    screening = _own_draft(actor, screening)
    with audit.actor_context(actor):
        screening.serves_clients = serves_clients
        screening.answers = clean_answers(raw, serves_clients)
        screening.save(update_fields=["answers", "serves_clients", "updated_at"])
    return screening


def score_of(answers: dict[str, int], serves_clients: bool, limits: cbi.Thresholds) -> cbi.Result:
    by_scale: dict[cbi.Scale, list[int | None] | None] = {}
    for scale in cbi.Scale:
        if scale is cbi.Scale.CLIENT and not serves_clients:
            by_scale[scale] = None
        else:
            by_scale[scale] = [answers.get(item.key) for item in cbi.items_of(scale)]
    return cbi.score(by_scale, limits)


@transaction.atomic
def submit(*, actor, screening: Screening, raw: dict[str, Any], serves_clients: bool):
    """Score on the server; every asked item must be answered (minimum TO VERIFY, cbi.py)."""
    screening = _own_draft(actor, screening)
    answers = clean_answers(raw, serves_clients)
    missing = [i for i in asked_items(serves_clients) if i.key not in answers]
    if missing:  # the view saved the answers first (save_answers): nothing is lost
        raise ScreeningError(
            f"Il reste {plural(len(missing), 'question')} sans réponse : vos réponses sont "
            "enregistrées, complétez-les pour voir vos résultats."
        )
    result = score_of(answers, serves_clients, thresholds())
    scores = {s: (r.score if r else None) for s, r in result.scales.items()}
    now = timezone.now()
    with audit.actor_context(actor):
        screening.answers = answers
        screening.serves_clients = serves_clients
        screening.status = ScreeningStatus.SUBMITTED
        screening.submitted_at = now
        screening.personal_score = scores[cbi.Scale.PERSONAL]
        screening.work_score = scores[cbi.Scale.WORK]
        screening.client_score = scores[cbi.Scale.CLIENT]
        screening.trigger = result.trigger
        screening.save()
        if result.trigger:
            offer = TnsOffer.current()
            days = offer.proposal_days if offer else 7
            proposal = ContactProposal.objects.create(
                screening=screening,
                team_id=screening.affiliation.adherent.team_id,
                due_on=timezone.localdate() + datetime.timedelta(days=days),
            )
            notify_team(proposal)  # queued in the outbox, sent once this commits
    return screening


# Who receives a proposal of contact: the team's nurses, physicians and psychologists.
PROPOSAL_ROLES = (StaffRole.NURSE, StaffRole.PHYSICIAN, StaffRole.PSYCHOLOGIST)


def notify_team(proposal: ContactProposal) -> None:
    """Tell the team a proposal waits (no score, no name in the e-mail: health data)."""
    emails = (
        StaffAssignment.objects.in_post()
        .filter(team_id=proposal.team_id, role__in=PROPOSAL_ROLES)
        .emails()
    )
    if not emails:
        return
    url = reverse("backoffice:tns:proposal-detail", args=[proposal.pk])
    body = render_to_string(
        "tns/screening/email_proposal.txt",
        {"proposal": proposal, "url": f"{settings.SPSTI_SITE_URL}{url}"},
    )
    for email in emails:  # one mail each: colleagues' addresses are not shared
        outbox.queue_email(
            kind="tns.screening.proposal",
            to=[email],
            subject="Une proposition de contact à traiter (offre travailleurs indépendants)",
            body=body,
            related=proposal,
            key=f"tns.proposal.{proposal.pk}.{email}",
            audience=OutgoingEmail.Audience.STAFF,
        )


def _proposal(actor, proposal: ContactProposal) -> ContactProposal:
    if not actor.has_perm(perms.SCREENING_WRITE):
        raise PermissionDenied
    locked = ContactProposal.objects.visible_to(actor).select_for_update().filter(pk=proposal.pk)
    found = locked.first()
    if found is None:
        raise PermissionDenied
    if found.status == ProposalStatus.CLOSED:
        raise ScreeningError("Cette proposition de contact est déjà close.")
    return found


@transaction.atomic
def record_contact(*, actor, proposal: ContactProposal, note: str = "") -> ContactProposal:
    """The professional took contact with the person."""
    proposal = _proposal(actor, proposal)
    with audit.actor_context(actor):
        proposal.status = ProposalStatus.IN_PROGRESS
        proposal.handled_by = actor.user
        proposal.contacted_at = timezone.now()
        if note:
            proposal.note = note
        proposal.save()
    return proposal


@transaction.atomic
def close(*, actor, proposal: ContactProposal, outcome: str, note: str = "") -> ContactProposal:
    """Close with what was done (an appointment, the psychologist, the PDP cell, outside help).

    The outcome "PDP" refers the person to the cell of the centre (issue 14), in the same
    transaction: a case is opened for a person not in the workers' records (the self-employed
    person is no employee), linked to the proposal; refused, nothing is closed."""
    proposal = _proposal(actor, proposal)
    if outcome not in Escalation.values:
        raise ScreeningError("Choisissez la suite donnée à la proposition de contact.")
    with audit.actor_context(actor):
        if outcome == Escalation.PDP:
            proposal.pdp_case = _refer_to_pdp(actor, proposal, note)
        proposal.status = ProposalStatus.CLOSED
        proposal.outcome = outcome
        proposal.handled_by = proposal.handled_by or actor.user
        proposal.closed_at = timezone.now()
        if note:
            proposal.note = note
        proposal.save()
    return proposal


def _refer_to_pdp(actor, proposal: ContactProposal, note: str):
    """The referral to the PDP cell through pdp's own service (its checks and its step log).

    Only what the cell needs: who, which member, who refers and why; never the CBI scores
    (read by the team's health professionals only). Source: the physician, or "another member
    of the team" (nurse, psychologist)."""
    screening = Screening.objects.select_related("person", "affiliation__adherent").get(
        pk=proposal.screening_id
    )
    person = screening.person
    source = "physician" if StaffRole.PHYSICIAN in actor.staff_roles else "team"
    reason = (
        "Orientation par l'équipe depuis l'offre aux travailleurs indépendants (proposition de "
        f"contact n° {proposal.pk}, après un questionnaire d'épuisement professionnel)."
    )
    if note.strip():
        reason += f"\n\nNote de l'équipe : {note.strip()}"
    try:
        return pdp_services.refer_person(
            actor=actor,
            last_name=person.last_name,
            first_name=person.first_name,
            birth_date=None,
            adherent=screening.affiliation.adherent,
            source=source,
            reason=reason,
            referrer_label=f"{actor.user.get_full_name() or actor.user.email} (offre TNS)",
        )
    except PdpError as error:
        raise ScreeningError(f"Orientation vers la cellule PDP impossible : {error}") from error
