import datetime

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.context import build_context
from pdp.consents import services as consent_services
from pdp.errors import PdpError
from pdp.models import MeasuresLetter
from pdp.plans import pdf, services
from spsti import outbox
from spsti.models import OutgoingEmail
from tests import documents
from tests.adherents.factories_requests import PartnerFactory
from tests.pdp.factories import PdpCaseFactory


def ctx_of(user):
    return build_context(user, {}, mfa_passed=True)


def _token_from_mail() -> str:
    body = mail.outbox[-1].body
    return body.split("/pdp/reponse/")[1].split("/")[0]


@pytest.mark.django_db
def test_partner_answers_by_its_secret_link_only_under_consent(world, coordinator, client):
    actor = ctx_of(coordinator)
    case = PdpCaseFactory(worker=world.worker)
    carsat = PartnerFactory(name="CARSAT Bourgogne", kind="carsat")
    with pytest.raises(PdpError, match="Aucun consentement"):
        services.send_partner_request(
            actor=actor, case=case, partner=carsat, question="Essai encadré possible ?"
        )
    assert not mail.outbox
    consent_services.record_consent(
        actor=actor,
        case=case,
        recipient="",
        partner=carsat,
        purpose="Essai encadré",
        data_categories=["identity"],
        given_on=datetime.date(2026, 9, 2),
        proof="oral",
    )
    request = services.send_partner_request(
        actor=actor, case=case, partner=carsat, question="Essai encadré possible ?"
    )
    assert mail.outbox[-1].to == [carsat.email]
    token = _token_from_mail()
    row = OutgoingEmail.objects.get(kind="pdp.plans.partner_request", object_id=request.pk)
    assert row.status == OutgoingEmail.Status.SENT
    assert row.body == outbox.ERASED_BODY  # the secret link is not kept once sent
    assert token not in row.body
    assert request.token_hash != token  # only the hash is kept
    url = reverse("pdp_public:partner-answer", args=[token])
    page = client.get(url).content.decode()
    assert "Essai encadré possible ?" in page
    assert case.reason not in page  # never the case's medical content
    client.post(url, {"answer": "Oui, dossier à envoyer au service social."})
    request.refresh_from_db()
    assert request.answer.startswith("Oui")
    again = client.post(url, {"answer": "Encore"}).content.decode()
    assert "déjà répondu" in again
    assert client.get(reverse("pdp_public:partner-answer", args=["x" * 43])).status_code == 404


@pytest.mark.django_db
def test_measures_letter_has_no_medical_content_and_the_employer_downloads_it(
    world, coordinator, client_for, django_capture_on_commit_callbacks
):
    actor = ctx_of(coordinator)
    case = PdpCaseFactory(
        worker=world.worker,
        reason="Lombalgie chronique, dépression réactionnelle",
        risk_level="high",
        risk_method="IRDP",
    )
    with pytest.raises(PdpError, match="Aucune mesure"):
        services.issue_letter(actor=actor, case=case)
    services.add_measure(
        actor=actor,
        case=case,
        kind="workstation_adjustment",
        employer_text="Poste assis-debout, pas de port de charges de plus de 10 kg",
        hours="Matin uniquement, 9 h - 13 h",
        starts_on=datetime.date(2026, 10, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.issue_letter(actor=actor, case=case)
    letter.refresh_from_db()  # rendered by the task queued on commit
    assert letter.pdf
    assert documents.read(letter.pdf, letter.pdf_sha256).startswith(b"%PDF")
    # What WeasyPrint lays out: the HTML of the letter (its text, before compression).
    text = render_to_string("pdp/plans/measures_letter.html", pdf.letter_context(letter))
    assert "Poste assis-debout" in text
    assert "Matin uniquement" in text
    for medical in ("Lombalgie", "dépression", "IRDP", "risque"):
        assert medical not in text
    portal = client_for("portal_admin")
    listing = portal.get(reverse("portal:pdp:letter-list")).content.decode()
    download = reverse("portal:pdp:letter-download", args=[letter.pk])
    assert download in listing
    assert "Lombalgie" not in listing
    response = portal.get(download)
    assert response.status_code == 200
    assert response.getvalue().startswith(b"%PDF")
    assert client_for("portal_other").get(download).status_code == 404


@pytest.mark.django_db
def test_no_letter_while_the_worker_opposes_r4624_30(world, coordinator):
    from pdp.cases import services as case_services

    actor = ctx_of(coordinator)
    case = PdpCaseFactory(worker=world.worker)
    services.add_measure(
        actor=actor, case=case, kind="therapeutic_part_time", employer_text="Mi-temps"
    )
    case_services.set_prereprise_opposition(actor=actor, case=case, opposes=True)
    with pytest.raises(PdpError, match="R4624-30"):
        services.issue_letter(actor=actor, case=case)
    assert not MeasuresLetter.objects.exists()


@pytest.mark.django_db
def test_actions_have_a_cell_owner_and_a_due_date(world, coordinator, social_worker):
    actor = ctx_of(coordinator)
    case = PdpCaseFactory(worker=world.worker)
    with pytest.raises(PdpError, match="membre de la cellule"):
        services.add_action(
            actor=actor,
            case=case,
            label="Appeler l'employeur",
            owner=world.actors["billing"],
            due_on=datetime.date(2026, 10, 1),
        )
    action = services.add_action(
        actor=actor,
        case=case,
        label="Appeler l'employeur",
        owner=social_worker,
        due_on=datetime.date(2026, 10, 1),
    )
    assert services.complete_action(actor=actor, action=action).done_on
