"""Follow-up documents: who issues what, the official headings, the hash, immutability."""

import datetime
import hashlib
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, ProgrammingError, transaction
from django.utils import timezone

from suivi_sante.documents import pdf as pdf_documents
from suivi_sante.documents.pdf import DocumentFields
from suivi_sante.documents.services import allowed_kinds, issue_document
from suivi_sante.errors import DocumentError
from suivi_sante.models import FollowUpDocument
from tests import documents
from tests.matrix_suivi.dmst import ctx_for, held_visit, stored_document
from tests.suivi_sante.factories import VisitFactory

INAPTITUDE = {
    "conclusions": "Inapte au poste de boulanger de nuit.",
    "indications": "Pourrait occuper un poste de jour sans port de charges.",
    "post_study_on": datetime.date(2026, 3, 2),
    "employer_exchange_on": datetime.date(2026, 3, 5),
}


def _issue(world, actor: str, visit, kind: str, **fields) -> FollowUpDocument:
    return issue_document(actor=ctx_for(world.actors[actor]), visit=visit, kind=kind, **fields)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["avis_aptitude", "avis_inaptitude", "proposition_mesures"])
def test_nurse_cannot_issue_an_avis_or_a_proposal(world, kind):
    visit = held_visit(world, actor="nurse")
    with pytest.raises(DocumentError, match="Seul le médecin du travail"):
        _issue(world, "nurse", visit, kind, measures="Poste assis.", **INAPTITUDE)
    assert not FollowUpDocument.objects.exists()


@pytest.mark.django_db
def test_the_database_refuses_an_avis_issued_by_a_nurse(world):
    document = stored_document(world, visit=held_visit(world, actor="nurse"))
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUpDocument.objects.create(
            worker=document.worker,
            team=document.team,
            visit=document.visit,
            kind="avis_inaptitude",
            issued_by=world.actors["nurse"],
            issuer_performer="nurse",
            issued_at=timezone.now(),
            **documents.fields(b"%PDF-1.7 avis", "pdf", "sha256"),
        )


@pytest.mark.django_db
def test_nurse_issues_the_attestation_with_the_orientation_to_the_physician(world):
    visit = held_visit(world, actor="nurse", referred_to_physician=True)
    next_visit = datetime.date(2031, 3, 10)
    document = _issue(world, "nurse", visit, "attestation_suivi", next_visit_on=next_visit)
    assert (document.kind, document.issuer_performer) == ("attestation_suivi", "nurse")
    html = pdf_documents.document_html(
        visit=visit,
        kind="attestation_suivi",
        issued_by=world.actors["nurse"],
        issued_at=document.issued_at,
        fields=DocumentFields(next_visit_on=next_visit),
    )
    html = unescape(html)
    assert "Attestation de suivi individuel de l'état de santé" in html
    assert "Orienté vers le médecin du travail</th><td>Oui" in html
    assert "10/03/2031" in html
    assert "Infirmier(ère) en santé au travail" in html


@pytest.mark.django_db
def test_physician_issues_an_avis_dinaptitude_with_the_official_headings(world):
    visit = held_visit(world, kind="REPRISE")
    document = _issue(world, "physician", visit, "avis_inaptitude", **INAPTITUDE)

    pdf = documents.read(document.pdf, document.sha256)
    assert pdf.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    inputs = {
        "visit": visit,
        "kind": "avis_inaptitude",
        "issued_by": world.actors["physician"],
        "issued_at": document.issued_at,
        "fields": DocumentFields(**INAPTITUDE),
    }
    # WeasyPrint is deterministic: the stored bytes are exactly the rendering of this HTML.
    assert pdf_documents.render_document(**inputs) == pdf
    html = pdf_documents.document_html(**inputs)
    html = unescape(html)
    worker, physician = world.worker, world.actors["physician"]
    for text in (
        "Avis d'inaptitude",
        "L. 4624-4",
        worker.last_name.upper(),
        worker.first_name,
        "01/06/1985",
        world.adherent.name,
        visit.employment.establishment.siret,
        visit.employment.job_title,
        "Visite de reprise",
        "10/03/2026",
        physician.get_full_name(),
        "Médecin du travail",
        "Conclusions et indications relatives au reclassement",
        "Inapte au poste de boulanger de nuit.",
        "Pourrait occuper un poste de jour",
        "02/03/2026",
        "conseil de prud'hommes",
        "15 jours",
        "R. 4624-45",
    ):
        assert text in html, text


@pytest.mark.django_db
def test_an_issued_document_can_be_neither_altered_nor_deleted(world):
    document = _issue(world, "physician", held_visit(world), "attestation_suivi")
    rows = FollowUpDocument.objects.filter(pk=document.pk)
    with pytest.raises(ProgrammingError), transaction.atomic():
        rows.update(pdf=documents.stored(b"%PDF-1.7 falsified")["name"])
    with pytest.raises(ProgrammingError), transaction.atomic():
        rows.delete()
    assert (rows.get().pdf, rows.get().sha256) == (document.pdf, document.sha256)


@pytest.mark.django_db
def test_physician_issues_an_avis_daptitude_naming_the_sir_post(world):
    visit = held_visit(world, kind="EMAE")
    visit.employment.sir_risks = ["amiante"]
    visit.employment.save(update_fields=["sir_risks"])
    document = _issue(world, "physician", visit, "avis_aptitude")
    html = pdf_documents.document_html(
        visit=visit,
        kind="avis_aptitude",
        issued_by=world.actors["physician"],
        issued_at=document.issued_at,
        fields=DocumentFields(),
    )
    html = unescape(html)
    assert "Avis d'aptitude" in html
    assert "Suivi individuel renforcé (art. L. 4624-2)</th><td>Oui : Amiante" in html


@pytest.mark.django_db
def test_physician_issues_a_proposal_of_measures(world):
    visit = held_visit(world)
    document = _issue(
        world, "physician", visit, "proposition_mesures", measures="Siège assis-debout."
    )
    html = pdf_documents.document_html(
        visit=visit,
        kind="proposition_mesures",
        issued_by=world.actors["physician"],
        issued_at=document.issued_at,
        fields=DocumentFields(measures="Siège assis-debout."),
    )
    html = unescape(html)
    assert (
        "Proposition de mesures individuelles d'aménagement, d'adaptation ou de "
        "transformation du poste" in html
    )
    assert "Siège assis-debout." in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("avis_aptitude", {}, "suivi individuel renforcé"),  # worker in SI
        ("avis_inaptitude", {"conclusions": ""}, "conclusions écrites"),
        ("avis_inaptitude", {"post_study_on": None}, "R4624-42"),
        ("avis_inaptitude", {"employer_exchange_on": None}, "R4624-42"),
        ("proposition_mesures", {"measures": " "}, "mesures proposées"),
        ("attestation_suivi", {"next_visit_on": datetime.date(2026, 3, 10)}, "prochaine visite"),
    ],
)
def test_incomplete_documents_are_refused_in_french(world, kind, fields, message):
    data = {**INAPTITUDE, "measures": "Poste assis.", **fields}
    with pytest.raises(DocumentError, match=message):
        _issue(world, "physician", held_visit(world), kind, **data)
    assert not FollowUpDocument.objects.exists()


@pytest.mark.django_db
def test_a_visit_not_held_gives_no_document(world):
    visit = VisitFactory(worker=world.worker, professional=world.actors["physician"])
    with pytest.raises(DocumentError, match="une fois la visite réalisée"):
        _issue(world, "physician", visit, "attestation_suivi")


@pytest.mark.django_db
def test_a_pre_reprise_visit_gives_no_document(world):
    with pytest.raises(DocumentError, match="pré-reprise"):
        _issue(world, "physician", held_visit(world, kind="PRE_REPRISE"), "attestation_suivi")


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["nurse", "secretary", "physician_other"])
def test_only_the_professional_who_held_the_visit_issues_its_documents(world, actor):
    with pytest.raises(PermissionDenied):
        _issue(world, actor, held_visit(world), "attestation_suivi")


@pytest.mark.django_db
def test_a_document_is_issued_once_and_never_contradicts_itself(world):
    visit = held_visit(world)
    visit.worker.category = "SIR"
    visit.worker.save(update_fields=["category"])
    _issue(world, "physician", visit, "attestation_suivi")
    with pytest.raises(DocumentError, match="jamais modifié ni réémis"):
        _issue(world, "physician", visit, "attestation_suivi")
    _issue(world, "physician", visit, "avis_aptitude")
    with pytest.raises(DocumentError, match="même visite"):
        _issue(world, "physician", visit, "avis_inaptitude", **INAPTITUDE)
    assert FollowUpDocument.objects.filter(visit=visit).count() == 2


@pytest.mark.django_db
def test_allowed_kinds_follow_the_professional(world):
    physician_visit, nurse_visit = held_visit(world), held_visit(world, actor="nurse")
    assert len(allowed_kinds(ctx_for(world.actors["physician"]), physician_visit)) == 4
    assert allowed_kinds(ctx_for(world.actors["nurse"]), nurse_visit) == ["attestation_suivi"]
    assert allowed_kinds(ctx_for(world.actors["secretary"]), physician_visit) == []


# --- attestation de non contre-indication (décret 2025-355) ----------------------------------


def _caces_visit(world, actor="physician", jobs=("caces",)):
    visit = held_visit(world, actor=actor)
    visit.employment.aptitude_jobs = list(jobs)
    visit.employment.save(update_fields=["aptitude_jobs"])
    return visit


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("jobs", "authorisation"),
    [
        (("caces",), "CACES, art. R. 4323-56"),
        (("habilitation_electrique",), "Habilitation électrique (art. R. 4544-10)"),
    ],
)
def test_physician_issues_the_attestation_of_non_contraindication_valid_five_years(
    world, jobs, authorisation
):
    visit = _caces_visit(world, jobs=jobs)
    document = _issue(world, "physician", visit, "attestation_non_ci")
    pdf = documents.read(document.pdf, document.sha256)
    assert pdf.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert "attestation_non_ci" in allowed_kinds(ctx_for(world.actors["physician"]), visit)
    html = unescape(
        pdf_documents.document_html(
            visit=visit,
            kind="attestation_non_ci",
            issued_by=world.actors["physician"],
            issued_at=document.issued_at,
            fields=DocumentFields(),
        )
    )
    held_on = timezone.localdate(visit.held_at)
    valid_until = held_on.replace(year=held_on.year + 5)
    for text in (
        "Attestation de non contre-indication médicale",
        "décret n° 2025-355",
        authorisation,
        f"5 ans, jusqu'au {valid_until:%d/%m/%Y} inclus",
        world.worker.last_name.upper(),
        "Médecin du travail",
    ):
        assert text in html, text
    assert "conseil de prud'hommes" not in html  # not an avis: no appeal


@pytest.mark.django_db
def test_attestation_of_non_contraindication_only_for_a_caces_or_electrical_post(world):
    visit = held_visit(world)  # a post without CACES nor electrical clearance
    with pytest.raises(DocumentError, match="ne concerne que les postes de conduite"):
        _issue(world, "physician", visit, "attestation_non_ci")
    assert "attestation_non_ci" not in allowed_kinds(ctx_for(world.actors["physician"]), visit)
    assert not FollowUpDocument.objects.exists()


@pytest.mark.django_db
def test_a_nurse_cannot_issue_the_attestation_of_non_contraindication(world):
    visit = _caces_visit(world, actor="nurse")
    with pytest.raises(DocumentError, match="attestation de non contre-indication"):
        _issue(world, "nurse", visit, "attestation_non_ci")
    assert not FollowUpDocument.objects.exists()


@pytest.mark.django_db
def test_the_attestation_of_non_contraindication_is_issued_once_never_overwritten(world):
    visit = _caces_visit(world)
    first = _issue(world, "physician", visit, "attestation_non_ci")
    with pytest.raises(DocumentError, match="jamais modifié ni réémis"):
        _issue(world, "physician", visit, "attestation_non_ci")
    assert FollowUpDocument.objects.get(visit=visit, kind="attestation_non_ci").pk == first.pk
