"""Consents of the worker to each exchange of the cell: record, withdraw, check before sharing."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from pdp import perms
from pdp.errors import PdpError
from pdp.models import CaseStep, Consent, DataCategory, PdpCase
from pdp.rules import cases as rules
from spsti import documents_storage

MAX_PROOF_BYTES = 10 * 1024 * 1024
# The signed form: a PDF or an image, its type read from the bytes (never from the name).
PROOF_TYPES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def _proof_content(proof_file) -> tuple[bytes, str]:
    """The signed form's bytes and extension; refused (PdpError) when empty, too big or not a
    PDF/JPEG/PNG by its content."""
    if proof_file is None:
        raise PdpError("Déposez le formulaire de consentement signé.")
    if proof_file.size and proof_file.size > MAX_PROOF_BYTES:
        raise PdpError("Le formulaire déposé dépasse 10 Mo.")
    proof_file.seek(0)
    content = proof_file.read(MAX_PROOF_BYTES + 1)
    if not content:
        raise PdpError("Le formulaire déposé est vide.")
    if len(content) > MAX_PROOF_BYTES:  # the declared size is not trusted
        raise PdpError("Le formulaire déposé dépasse 10 Mo.")
    for magic, extension in PROOF_TYPES.items():
        if content.startswith(magic):
            return content, extension
    raise PdpError("Le formulaire signé doit être un PDF ou une image (JPEG, PNG).")


def proof_content_type(consent: Consent) -> str:
    extension = consent.proof_file.name.rsplit(".", 1)[-1].lower()
    return CONTENT_TYPES.get(extension, "application/octet-stream")


@transaction.atomic
def record_consent(
    *,
    actor: AccessContext,
    case: PdpCase,
    recipient: str,
    purpose: str,
    data_categories: list[str],
    given_on: datetime.date,
    proof: str,
    proof_file=None,
    partner=None,
) -> Consent:
    """Record the worker's consent to one exchange, with its proof (a signed form uploaded,
    kept in the documents storage with its SHA-256, or an oral consent: the acting member and
    the time are kept); a received case moves on."""
    if not perms.can_write_case(actor, case):
        raise PermissionDenied
    case = PdpCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if not case.is_open:
        raise PdpError("Ce dossier est clos.")
    recipient = (recipient or (partner.name if partner else "")).strip()
    if not recipient or not (purpose or "").strip():
        raise PdpError("Indiquez l'organisme destinataire et la finalité de l'échange.")
    if not data_categories or set(data_categories) - set(DataCategory.values):
        raise PdpError("Choisissez au moins une catégorie de données.")
    if given_on > timezone.localdate():
        raise PdpError("La date du consentement ne peut être dans le futur.")
    content = extension = None
    if proof == Consent.Proof.SIGNED_FORM:
        content, extension = _proof_content(proof_file)
    elif proof != Consent.Proof.ORAL:
        raise PdpError("Indiquez la preuve du consentement.")
    with audit.actor_context(actor):
        consent = Consent(
            case=case,
            recipient=recipient[:200],
            partner=partner,
            purpose=purpose.strip()[:300],
            data_categories=sorted(set(data_categories)),
            given_on=given_on,
            proof=proof,
            recorded_by=actor.user,
        )
        if content is not None:  # the documents storage: a fresh name, the bytes' SHA-256
            stored = documents_storage.store(
                content, app="pdp", kind="consent", extension=extension
            )
            consent.proof_file, consent.proof_sha256 = stored.name, stored.sha256
        consent.save()
        if case.status == rules.RECEIVED:
            case.status = rules.CONSENT
            case.save(update_fields=["status", "updated_at"])
            CaseStep.objects.create(
                case=case,
                actor=actor.user,
                from_status=rules.RECEIVED,
                to_status=rules.CONSENT,
                note=f"Consentement recueilli ({recipient[:100]})",
            )
    return consent


@transaction.atomic
def withdraw_consent(
    *, actor: AccessContext, consent: Consent, on: datetime.date | None = None
) -> Consent:
    """The worker withdraws a consent: from that day nothing more is shared under it."""
    if not perms.can_write_case(actor, consent.case):
        raise PermissionDenied
    consent = Consent.objects.select_for_update(of=("self",)).get(pk=consent.pk)
    if consent.withdrawn_on:
        raise PdpError("Ce consentement est déjà retiré.")
    on = on or timezone.localdate()
    if on < consent.given_on:
        raise PdpError("Le retrait ne peut précéder le consentement.")
    consent.withdrawn_on, consent.withdrawn_by = on, actor.user
    with audit.actor_context(actor):
        consent.save(update_fields=["withdrawn_on", "withdrawn_by", "updated_at"])
    return consent


def consent_for_partner(case: PdpCase, partner) -> Consent | None:
    """The consent in force covering an exchange with this partner, if any."""
    return (
        Consent.objects.in_force()
        .filter(case=case, partner=partner)
        .order_by("-given_on", "-pk")
        .first()
    )


def require_consent(case: PdpCase, partner) -> Consent:
    """Nothing is shared with a partner without a consent in force (PdpError otherwise)."""
    consent = consent_for_partner(case, partner)
    if consent is None:
        raise PdpError(
            f"Aucun consentement en vigueur du salarié pour un échange avec {partner.name} : "
            "recueillez-le avant de lui transmettre quoi que ce soit."
        )
    return consent
