"""Back-office screens of actions in the workplace: record, documents, lists, indicators."""

import datetime
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prevention.models import ActionDocument, PreventionAction
from tests import documents
from tests.adherents.factories import AdherentFactory
from tests.matrix_prevention.actions import PDF_BYTES, action_for, document_for
from tests.prevention.factories import PreventionActionFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
LIST = "backoffice:prevention:action-list"
INDICATORS = "backoffice:prevention:action-indicators"


def create_url(world):
    return reverse("backoffice:prevention:action-create", args=[world.adherent.pk])


def form(world, **overrides):
    return {
        "kind": "measurements",
        "establishment": world.establishment.pk,
        "performed_on": timezone.localdate().isoformat(),
        "duration_minutes": "75",
        "description": "Mesures de bruit au fournil.",
        **overrides,
    }


def text(response) -> str:
    return unescape(response.content.decode())


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_assistant_records_an_action_with_a_document(world, client_for):
    data = form(world, documents=[SimpleUploadedFile("bruit.pdf", PDF_BYTES)])
    response = client_for("prevention_assistant").post(create_url(world), data)
    action = PreventionAction.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("backoffice:prevention:action-detail", args=[action.pk])
    assert (action.kind, action.duration_minutes) == ("measurements", 75)
    assert action.performed_by == world.actors["prevention_assistant"]
    assert action.documents.get().filename == "bruit.pdf"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"duration_minutes": "0"}, "Le temps passé doit être d'au moins une minute."),
        (
            {"performed_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "est dans le futur : enregistrez une action une fois réalisée.",
        ),
        (
            {"documents": [SimpleUploadedFile("rapport.pdf", PNG)]},
            "porte l'extension .pdf mais son contenu est un fichier PNG",
        ),
    ],
)
def test_refusals_are_french_and_write_nothing(world, client_for, overrides, message):
    response = client_for("prevention_assistant").post(create_url(world), form(world, **overrides))
    assert response.status_code == 200
    assert message in text(response)
    assert not PreventionAction.objects.exists()
    assert not ActionDocument.objects.exists()


@pytest.mark.django_db
def test_the_form_offers_only_the_members_establishments(world, client_for):
    page = client_for("physician").get(create_url(world)).content.decode()
    assert f'value="{world.establishment.pk}"' in page
    assert f'value="{world.other_establishment.pk}"' not in page
    assert 'for="id_duration_minutes"' in page  # labelled inputs


@pytest.mark.django_db
def test_documents_are_attached_then_downloaded(world, client_for):
    action = action_for(world)
    client = client_for("prevention_assistant")
    url = reverse("backoffice:prevention:action-document-add", args=[action.pk])
    refused = client.post(url, {"documents": [SimpleUploadedFile("photo.pdf", PNG)]}, follow=True)
    assert "Aucun document enregistré" in text(refused)
    assert not ActionDocument.objects.exists()
    client.post(url, {"documents": [SimpleUploadedFile("rapport.pdf", PDF_BYTES)]})
    document = ActionDocument.objects.get()
    download = client_for("nurse").get(
        reverse("backoffice:prevention:action-document", args=[document.pk])
    )
    assert download.getvalue() == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="rapport.pdf"'
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_list_filters_and_totals(world, client_for):
    action_for(world, kind="awareness", duration_minutes=90, performed_on=datetime.date(2026, 2, 1))
    action_for(world, kind="measurements", duration_minutes=30)
    PreventionActionFactory(adherent=world.other_adherent, kind="awareness", duration_minutes=60)
    client = client_for("nurse")
    page = text(client.get(reverse(LIST)))
    assert "Sensibilisation" in page
    assert "2 h 30 (150 min)" in page
    filtered = text(client.get(reverse(LIST), {"kind": "awareness", "member": "Alpha"}))
    assert "1 h 30 (90 min)" in filtered
    assert "Garage Bêta" not in filtered.split("Temps passé par type")[1]
    wrong = text(client.get(reverse(LIST), {"since": "2026-12-01", "until": "2026-01-01"}))
    assert "La date de début de la période suit sa date de fin." in wrong


@pytest.mark.django_db
def test_member_page_explains_the_primary_action_deadline(world, client_for):
    old = AdherentFactory(team=world.team, joined_on=datetime.date(2020, 1, 10))
    page = text(
        client_for("prevention_assistant").get(
            reverse("backoffice:prevention:action-member", args=[old.pk])
        )
    )
    assert "En retard :" in page
    assert "Action de prévention primaire avant le 10/01/2024 : aucune action depuis" in page
    assert "Enregistrer une action" in page


@pytest.mark.django_db
def test_indicators_page_lists_alerts_and_cse_share(world, client_for):
    AdherentFactory(team=world.team, joined_on=datetime.date(2020, 1, 10), name="Menuiserie Delta")
    met = AdherentFactory(team=world.team, has_cse=True, name="Usine Zêta")
    PreventionActionFactory(adherent=met, kind="cse_meeting", performed_on=timezone.localdate())
    AdherentFactory(team=world.team, has_cse=True, name="Usine Êta")
    page = text(client_for("physician").get(reverse(INDICATORS)))
    assert "Alertes prévention primaire" in page
    assert "Menuiserie Delta" in page
    assert "aucune action depuis l'adhésion du 10/01/2020" in page
    assert "1 sur 2</strong> (50,0 %)" in page
    assert "Usine Êta" in page.split("Participation aux CSE")[1]


@pytest.mark.django_db
def test_lists_keep_a_flat_query_count(world, client_for):
    client = client_for("prevention_assistant")
    member_url = reverse("backoffice:prevention:action-member", args=[world.adherent.pk])
    document = document_for(world)
    detail_url = reverse("backoffice:prevention:action-detail", args=[document.action_id])
    urls = [reverse(LIST), reverse(LIST) + "?member=Alpha", member_url, reverse(INDICATORS)]
    AdherentFactory(team=world.team, joined_on=datetime.date(2019, 1, 1), has_cse=True)
    for url in urls:  # the headers' figures, computed once (prevention/selectors_remembered.py)
        count_queries(client, url)
    before = [count_queries(client, url) for url in [*urls, detail_url]]
    for n in range(30):
        action_for(world, kind=["awareness", "measurements", "other"][n % 3])
        AdherentFactory(team=world.team, joined_on=datetime.date(2019, 1, 1), has_cse=True)
        ActionDocument.objects.create(
            action=document.action,
            filename=f"annexe-{n}.pdf",
            content_type="application/pdf",
            **documents.fields(PDF_BYTES, "content", "sha256"),
            uploaded_by=world.actors["nurse"],
        )
    after = [count_queries(client, url) for url in [*urls, detail_url]]
    assert after == before
    assert max(after) <= 15
