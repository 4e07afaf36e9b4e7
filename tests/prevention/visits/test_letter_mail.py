"""The prevention visit's restitution (seed 002): a proposal and the employer's preferred mode
printed in the letter, and the letter e-mailed once to the member through the outbox."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accounts.enums import AdherentRole, StaffRole
from prevention.errors import PreventionError
from prevention.fiche import pdf as pdf_fiche
from prevention.models import PreventionVisit
from prevention.visits import services
from spsti.models import OutgoingEmail
from tests import documents
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories import AdherentMembershipFactory
from tests.conftest import login
from tests.matrix_prevention.fiche import ctx_of, visit
from tests.prevention.factories import hazard
from tests.prevention.visits.test_views import _record_data

pytestmark = pytest.mark.django_db
D = datetime.date
SENTENCE = "Afin de vous aider à avancer sur ce sujet, nous vous proposons d'échanger"
PROPOSAL = "Le risque chimique au fournil est prioritaire : les farines en suspension."


@pytest.fixture
def assistant(world):
    return ctx_of(world.actors["prevention_assistant"])


def _held(world, assistant, **fields) -> PreventionVisit:
    planned = visit(world)
    return services.record_visit(
        actor=assistant,
        visit=planned,
        held_on=D(2026, 3, 2),
        units=[
            services.UnitChecklist(
                name="Fournil", hazard_ids=(hazard("CHI-POU").pk,), remarks="Hotte en panne"
            )
        ],
        internal_summary="Dirigeant réticent",
        **fields,
    )


def test_the_letter_prints_the_proposal_and_the_mode_only_when_filled(world, assistant):
    held = _held(world, assistant, proposal=PROPOSAL, restitution_mode="visio")
    assert (held.proposal, held.restitution_mode) == (PROPOSAL, "visio")
    html = pdf_fiche.letter_html(held, issued_on=D(2026, 3, 9))
    assert "Notre proposition d'accompagnement" in html
    assert "Le risque chimique au fournil est prioritaire" in html
    assert f"{SENTENCE} par visioconférence." in html
    assert "Modalité de restitution choisie : Visioconférence." in html

    bare = _held(world, assistant)
    html = pdf_fiche.letter_html(bare, issued_on=D(2026, 3, 9))
    assert "Afin de vous aider" not in html
    assert "Modalité de restitution" not in html

    letter_only = _held(world, assistant, restitution_mode="letter")
    html = pdf_fiche.letter_html(letter_only, issued_on=D(2026, 3, 9))
    assert "Modalité de restitution choisie : Courrier ou e-mail seul." in html
    assert "Afin de vous aider" not in html  # no proposal: no exchange offered


def test_the_letter_is_mailed_once_to_the_members_admins_and_prevention_contacts(
    world, assistant, mailoutbox, django_capture_on_commit_callbacks
):
    contact = AdherentMembershipFactory(
        adherent=world.adherent, role=AdherentRole.PREVENTION_CONTACT
    ).user
    AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.HR)  # no prevention code
    AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.BILLING)
    AdherentMembershipFactory(
        adherent=world.adherent, role=AdherentRole.PREVENTION_CONTACT, is_active=False
    )
    held = _held(world, assistant, proposal=PROPOSAL, restitution_mode="phone")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_visit_letter(actor=assistant, visit=held)

    (row,) = OutgoingEmail.objects.all()
    assert sorted(row.to) == sorted([world.actors["portal_admin"].email, contact.email])
    assert (row.kind, row.object_id) == ("prevention.visit.letter_sent", held.pk)
    assert row.status == "sent"
    (mail,) = mailoutbox
    assert mail.subject.startswith("Rendez-vous de la prévention : courrier de synthèse")
    assert PROPOSAL in mail.body
    assert "nous vous proposons d'échanger par téléphone" in mail.body
    assert "Modalité de restitution choisie : Téléphone." in mail.body
    # The link opens the letter in the portal: its first opening there is the read receipt.
    assert reverse("portal:prevention:visit-letter-pdf", args=[held.pk]) in mail.body
    assert "accusé de lecture" in mail.body
    for secret in ("Dirigeant réticent", "Hotte en panne"):  # the team's notes stay internal
        assert secret not in mail.body
    ((name, content, mimetype),) = mail.attachments
    stored = PreventionVisit.objects.get(pk=held.pk)
    assert (name, mimetype) == (f"rendez-vous-prevention-{held.pk}.pdf", "application/pdf")
    assert content == documents.read(stored.letter_pdf, stored.letter_sha256)

    with pytest.raises(PreventionError, match="jamais réémis"):
        services.send_visit_letter(actor=assistant, visit=held)
    assert services.queue_letter_email(stored) is False  # the same letter never mails twice
    assert OutgoingEmail.objects.count() == 1


def test_an_unknown_restitution_mode_is_refused_and_writes_nothing(world, assistant, client_for):
    planned = visit(world)
    with pytest.raises(PreventionError, match="Modalité de restitution inconnue"):
        services.record_visit(
            actor=assistant,
            visit=planned,
            held_on=D(2026, 3, 2),
            units=[services.UnitChecklist(name="Vente")],
            restitution_mode="zoom",
        )
    record = reverse("backoffice:prevention:visit-record", args=[planned.pk])
    data = _record_data(
        planned,
        [{"name": "Vente"}],
        **{"visit-restitution_mode": "zoom", "visit-proposal": PROPOSAL},
    )
    response = client_for("prevention_assistant").post(record, data)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    planned.refresh_from_db()
    assert (planned.status, planned.proposal, planned.restitution_mode) == ("planned", "", "")
    assert not planned.units.exists()


def test_staff_record_the_proposal_send_the_letter_and_see_the_mail(world, client_for):
    assistant = client_for("prevention_assistant")
    planned = visit(world)
    detail = reverse("backoffice:prevention:visit-detail", args=[planned.pk])
    form = assistant.get(detail).content.decode()
    assert 'name="visit-proposal"' in form
    assert "Modalité de restitution souhaitée par l&#x27;employeur" in form
    data = _record_data(
        planned,
        [{"name": "Vente"}],
        **{"visit-restitution_mode": "onsite", "visit-proposal": PROPOSAL},
    )
    record = reverse("backoffice:prevention:visit-record", args=[planned.pk])
    assert assistant.post(record, data).status_code == 302
    planned.refresh_from_db()
    assert (planned.proposal, planned.restitution_mode) == (PROPOSAL, "onsite")

    letter = reverse("backoffice:prevention:visit-letter", args=[planned.pk])
    page = assistant.post(letter, follow=True).content.decode()
    assert "envoyé par courriel à l&#x27;employeur" in page
    assert "Courriels envoyés" in page
    assert world.actors["portal_admin"].email in page
    assert "Sur place" in page


def test_a_letter_with_nobody_to_mail_says_so(world, client_for):
    world.adherent.memberships.update(is_active=False)
    held = visit(world, held=True)
    letter = reverse("backoffice:prevention:visit-letter", args=[held.pk])
    page = client_for("prevention_assistant").post(letter, follow=True).content.decode()
    assert "aucun courriel n&#x27;a été envoyé" in page
    assert not OutgoingEmail.objects.exists()


def test_another_centres_visit_is_a_404(world):
    elsewhere = StaffAssignmentFactory(
        center=world.other_center, team=world.other_team, role=StaffRole.PREVENTION_ASSISTANT
    ).user
    client = login(Client(), elsewhere)
    held = visit(world, held=True)
    for name, method in (
        ("visit-detail", "get"),
        ("visit-record", "post"),
        ("visit-letter", "post"),
    ):
        url = reverse(f"backoffice:prevention:{name}", args=[held.pk])
        assert getattr(client, method)(url).status_code == 404, name
    assert not PreventionVisit.objects.get(pk=held.pk).letter_sha256
    assert not OutgoingEmail.objects.exists()
