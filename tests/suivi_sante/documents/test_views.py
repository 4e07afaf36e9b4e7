"""Documents on screen: issued from the visit page, published at once to the employer, never
with the DMST's content."""

import datetime
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from suivi_sante.documents import pdf as pdf_documents
from suivi_sante.documents.pdf import DocumentFields
from suivi_sante.models import FollowUpDocument, MedicalNote
from tests import documents
from tests.matrix_suivi.dmst import ctx_for, held_visit, stored_document
from tests.suivi_sante.factories import DmstFactory, WorkerFactory

SECRET = "Antécédent de dépression sévère signalé par le salarié."
INAPTITUDE = {
    "kind": "avis_inaptitude",
    "conclusions": "Inapte au poste de livreur.",
    "indications": "Apte à un poste sédentaire.",
    "post_study_on": "2026-03-02",
    "employer_exchange_on": "2026-03-05",
}


def _issue_url(visit) -> str:
    return reverse("backoffice:suivi_sante:document-issue", args=[visit.pk])


@pytest.mark.django_db
def test_employer_sees_the_avis_but_nothing_of_the_dmst(world, client_for):
    physician = world.actors["physician"]
    dmst = DmstFactory(worker=world.worker, opened_by=physician)
    MedicalNote.objects.create(dmst=dmst, body=SECRET, author=physician)
    visit = held_visit(world, kind="REPRISE")
    response = client_for("physician").post(_issue_url(visit), INAPTITUDE)
    assert response.status_code == 302
    document = FollowUpDocument.objects.get()

    employer = client_for("portal_admin")
    page = unescape(employer.get(reverse("portal:suivi_sante:document-list")).content.decode())
    assert "Avis d'inaptitude" in page
    assert world.worker.last_name.upper() in page
    assert SECRET not in page
    download = employer.get(reverse("portal:suivi_sante:document-pdf", args=[document.pk]))
    assert download.status_code == 200
    body = download.getvalue()  # a stream: read once
    assert body == documents.read(document.pdf, document.sha256)
    assert body.startswith(b"%PDF")
    assert download["Cache-Control"] == "private, no-store"
    # The stored bytes are the rendering of this HTML (deterministic): it holds no DMST text.
    inputs = {
        "visit": visit,
        "kind": "avis_inaptitude",
        "issued_by": physician,
        "issued_at": document.issued_at,
        "fields": DocumentFields(
            conclusions=INAPTITUDE["conclusions"],
            indications=INAPTITUDE["indications"],
            post_study_on=datetime.date(2026, 3, 2),
            employer_exchange_on=datetime.date(2026, 3, 5),
        ),
    }
    assert pdf_documents.render_document(**inputs) == body
    html = pdf_documents.document_html(**inputs)
    html = unescape(html)
    assert "Inapte au poste de livreur." in html
    assert SECRET not in html


@pytest.mark.django_db
def test_another_member_gets_404_for_the_document(world, client_for):
    document = stored_document(world)
    url = reverse("portal:suivi_sante:document-pdf", args=[document.pk])
    assert client_for("portal_other").get(url).status_code == 404
    page = client_for("portal_other").get(reverse("portal:suivi_sante:document-list"))
    assert world.worker.last_name.upper() not in page.content.decode()


@pytest.mark.django_db
def test_staff_of_the_centre_download_the_document_from_the_back_office(world, client_for):
    document = stored_document(world)
    url = reverse("backoffice:suivi_sante:document-pdf", args=[document.pk])
    response = client_for("secretary").get(url)
    assert response.status_code == 200
    assert response.getvalue() == documents.read(document.pdf, document.sha256)


@pytest.mark.django_db
def test_nurse_posting_an_avis_gets_the_french_refusal_and_no_document(world, client_for):
    visit = held_visit(world, actor="nurse")
    response = client_for("nurse").post(_issue_url(visit), INAPTITUDE)
    assert response.status_code == 302
    assert not FollowUpDocument.objects.exists()
    (message,) = get_messages(response.wsgi_request)
    assert "Seul le médecin du travail" in str(message)


@pytest.mark.django_db
def test_issuing_returns_to_the_page_the_form_was_on(world, client_for):
    visit = held_visit(world)
    back = reverse("backoffice:suivi_sante:dmst-detail", args=[world.worker.pk])
    response = client_for("physician").post(
        _issue_url(visit), {"kind": "attestation_suivi", "next": back}
    )
    assert response.status_code == 302
    assert response.url == back
    assert FollowUpDocument.objects.get().kind == "attestation_suivi"
    outside = client_for("physician").post(
        _issue_url(held_visit(world)),
        {"kind": "attestation_suivi", "next": "https://evil.example/"},
    )
    assert not outside.url.startswith("https://evil.example")


def _include(world, actor: str, visit) -> str:
    request = RequestFactory().get("/back-office/visites/")
    user = world.actors[actor]
    request.user, request.ctx = user, ctx_for(user)
    return render_to_string(
        "suivi_sante/documents/backoffice/visit_documents.html",
        {"visit": visit, "ctx": request.ctx},
        request=request,
    )


@pytest.mark.django_db
def test_the_visit_include_offers_each_professional_the_kinds_they_may_issue(world):
    physician_visit, nurse_visit = held_visit(world), held_visit(world, actor="nurse")
    issued = stored_document(world, visit=physician_visit)
    physician_html = _include(world, "physician", physician_visit)
    assert 'value="avis_inaptitude"' in physician_html
    assert reverse("backoffice:suivi_sante:document-pdf", args=[issued.pk]) in physician_html
    nurse_html = _include(world, "nurse", nurse_visit)
    assert 'value="attestation_suivi"' in nurse_html
    assert "avis_inaptitude" not in nurse_html
    assert "<form" not in _include(world, "secretary", physician_visit)
    assert "<form" not in _include(world, "nurse", physician_visit)


@pytest.mark.django_db
def test_the_attestation_of_non_contraindication_is_offered_only_for_a_caces_post(
    world, client_for
):
    # Décret 2025-355: the physician issues it for CACES and electrical-clearance posts.
    plain, caces = held_visit(world), held_visit(world)
    caces.employment.aptitude_jobs = ["caces"]
    caces.employment.save(update_fields=["aptitude_jobs"])
    assert 'value="attestation_non_ci"' not in _include(world, "physician", plain)
    assert 'value="attestation_non_ci"' in _include(world, "physician", caces)
    response = client_for("physician").post(_issue_url(caces), {"kind": "attestation_non_ci"})
    assert response.status_code == 302
    assert FollowUpDocument.objects.get(visit=caces).kind == "attestation_non_ci"
    refused = client_for("physician").post(_issue_url(plain), {"kind": "attestation_non_ci"})
    assert refused.status_code == 302
    assert not FollowUpDocument.objects.filter(visit=plain).exists()
    (message,) = get_messages(refused.wsgi_request)
    assert "ne concerne que les postes de conduite" in str(message)


@pytest.mark.django_db
def test_portal_document_list_query_count_is_flat(world, client_for):
    client = client_for("portal_admin")
    url = reverse("portal:suivi_sante:document-list")
    client.get(url)

    def queries_after(count: int) -> int:
        for _ in range(count):
            worker = WorkerFactory(adherent=world.adherent)
            stored_document(world, visit=held_visit(world, worker=worker))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries_after(1) == queries_after(30)


@pytest.mark.django_db
def test_the_form_groups_each_documents_fields_for_the_chosen_kind(world):
    """Each group of fields names the documents it belongs to; the script hides the others
    (without JavaScript every field stays, and the service checks them)."""
    from pathlib import Path

    from django.contrib.staticfiles import finders

    html = _include(world, "physician", held_visit(world))
    assert "data-document-form" in html
    assert 'data-for-kinds="avis_inaptitude"' in html  # study, exchange, conclusions
    assert 'data-for-kinds="proposition_mesures"' in html  # the measures only
    assert 'data-for-kinds="attestation_suivi avis_aptitude proposition_mesures"' in html
    assert "js/document_form.js" in html
    script = Path(finders.find("js/document_form.js")).read_text(encoding="utf-8")
    assert "data-for-kinds" in script
    assert "disabled" in script


@pytest.mark.django_db
def test_the_issue_message_agrees_with_the_documents_gender(world, client_for):
    client = client_for("physician")
    attestation = client.post(_issue_url(held_visit(world)), {"kind": "attestation_suivi"})
    (message,) = get_messages(attestation.wsgi_request)
    assert str(message) == ("Attestation de suivi émise et mise à disposition de l'employeur.")
    avis = client.post(_issue_url(held_visit(world, kind="REPRISE")), INAPTITUDE)
    *_, message = get_messages(avis.wsgi_request)
    assert str(message) == "Avis d'inaptitude émis et mis à disposition de l'employeur."
