import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.context import build_context
from pdp.consents import services
from pdp.errors import PdpError
from pdp.models import Consent
from tests import documents
from tests.adherents.factories_requests import PartnerFactory
from tests.pdp.factories import PdpCaseFactory


def ctx_of(user):
    return build_context(user, {}, mfa_passed=True)


@pytest.mark.django_db
def test_signed_form_consent_keeps_its_proof_and_moves_a_received_case(world, coordinator):
    case = PdpCaseFactory(worker=world.worker)
    proof = SimpleUploadedFile("consentement.pdf", b"%PDF-1.4 signed", "application/pdf")
    consent = services.record_consent(
        actor=ctx_of(coordinator),
        case=case,
        recipient="Cap emploi",
        purpose="RQTH",
        data_categories=["identity"],
        given_on=datetime.date(2026, 9, 2),
        proof="signed_form",
        proof_file=proof,
    )
    assert consent.proof_file.name.startswith("pdp/consent/")
    assert consent.proof_file.name.endswith(".pdf")
    assert documents.read(consent.proof_file, consent.proof_sha256) == b"%PDF-1.4 signed"
    case.refresh_from_db()
    assert case.status == "consent_recorded"


@pytest.mark.django_db
def test_the_signed_form_is_downloaded_hash_checked_and_refused_once_altered(
    world, coordinator, client_as
):
    case = PdpCaseFactory(worker=world.worker)
    consent = services.record_consent(
        actor=ctx_of(coordinator),
        case=case,
        recipient="Cap emploi",
        purpose="RQTH",
        data_categories=["identity"],
        given_on=datetime.date(2026, 9, 2),
        proof="signed_form",
        proof_file=SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n image", "image/png"),
    )
    client = client_as(coordinator)
    url = reverse("backoffice:pdp:consent-proof", args=[consent.pk])
    good = client.get(url)
    assert good.status_code == 200
    assert good["Content-Type"] == "image/png"
    assert good.getvalue() == b"\x89PNG\r\n\x1a\n image"
    path = Path(settings.STORAGES["documents"]["OPTIONS"]["location"]) / consent.proof_file.name
    path.write_bytes(b"\x89PNG\r\n\x1a\n autre")
    refused = client.get(url)
    assert refused.status_code == 500
    assert "ne correspond plus à l'empreinte" in refused.content.decode()


@pytest.mark.django_db
def test_a_signed_form_that_is_not_a_pdf_nor_an_image_is_refused(world, coordinator):
    case = PdpCaseFactory(worker=world.worker)
    for upload, message in (
        (SimpleUploadedFile("consentement.pdf", b"MZ\x90 exe"), "PDF ou une image"),
        (SimpleUploadedFile("vide.pdf", b""), "vide"),
        (None, "Déposez"),
    ):
        with pytest.raises(PdpError, match=message):
            services.record_consent(
                actor=ctx_of(coordinator),
                case=case,
                recipient="Cap emploi",
                purpose="RQTH",
                data_categories=["identity"],
                given_on=datetime.date(2026, 9, 2),
                proof="signed_form",
                proof_file=upload,
            )
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_nothing_goes_to_a_partner_without_a_consent_in_force(world, coordinator):
    actor = ctx_of(coordinator)
    case = PdpCaseFactory(worker=world.worker)
    carsat = PartnerFactory(kind="carsat", name="CARSAT Nord")
    with pytest.raises(PdpError, match="Aucun consentement en vigueur"):
        services.require_consent(case, carsat)
    consent = services.record_consent(
        actor=actor,
        case=case,
        recipient="",
        partner=carsat,
        purpose="Essai encadré",
        data_categories=["identity", "restrictions"],
        given_on=datetime.date(2026, 9, 2),
        proof="oral",
    )
    assert consent.recipient == "CARSAT Nord"
    assert services.require_consent(case, carsat) == consent
    services.withdraw_consent(actor=actor, consent=consent, on=datetime.date(2026, 9, 3))
    with pytest.raises(PdpError):
        services.require_consent(case, carsat)
    with pytest.raises(PdpError, match="déjà retiré"):
        services.withdraw_consent(actor=actor, consent=consent)


@pytest.mark.django_db
def test_consent_needs_categories_a_past_date_and_a_cell_member(world, coordinator):
    case = PdpCaseFactory(worker=world.worker)
    values = {"case": case, "recipient": "CPAM", "purpose": "x", "proof": "oral"}
    with pytest.raises(PdpError):
        services.record_consent(
            actor=ctx_of(coordinator),
            data_categories=[],
            given_on=datetime.date(2026, 9, 2),
            **values,
        )
    with pytest.raises(PdpError, match="futur"):
        services.record_consent(
            actor=ctx_of(coordinator),
            data_categories=["identity"],
            given_on=datetime.date(2099, 1, 1),
            **values,
        )
    with pytest.raises(PermissionDenied):
        services.record_consent(
            actor=ctx_of(world.actors["physician"]),
            data_categories=["identity"],
            given_on=datetime.date(2026, 9, 2),
            **values,
        )
