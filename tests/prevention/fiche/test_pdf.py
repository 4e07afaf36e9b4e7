"""The FE PDF readable on paper, and the visit letter without the team's internal summary."""

import datetime

import pytest

from prevention.fiche import pdf as pdf_fiche
from prevention.fiche import services, services_content
from prevention.models import FichePhoto, PreventionVisitUnit
from tests import documents
from tests.matrix_prevention.fiche import ctx_of, draft, png_bytes, visit
from tests.prevention.factories import hazard

pytestmark = pytest.mark.django_db


def test_the_sent_fe_pdf_has_its_cover_units_hazards_and_legal_mentions(world):
    version = draft(world)
    FichePhoto.objects.create(
        version=version,
        caption="Sol du fournil",
        content_type="image/png",
        **documents.fields(png_bytes(), "content", "sha256", extension="png"),
        uploaded_by=world.actors["prevention_assistant"],
    )
    assistant = ctx_of(world.actors["prevention_assistant"])
    services_content.update_texts(
        actor=assistant,
        version=version,
        observations="Locaux récents",
        recommendations="Installer un tapis antidérapant",
    )
    services.validate_version(actor=ctx_of(world.actors["physician"]), version=version)
    services.send_version(actor=assistant, version=version, today=datetime.date(2026, 11, 23))
    version.refresh_from_db()
    assert documents.read(version.pdf, version.sha256).startswith(b"%PDF")

    html = pdf_fiche.fiche_html(
        version, sent_on=datetime.date(2026, 11, 23), renewal_due_on=version.fiche.renewal_due_on
    )
    assert "23/11/2030" in html  # the next update, four years on
    establishment = world.establishment
    for text in (
        establishment.name,
        establishment.siret,
        world.adherent.name,
        world.team.name,
        "n° 1",
        "23/11/2026",  # sent on
        world.actors["prevention_assistant"].get_full_name(),
        world.actors["physician"].get_full_name(),
        "Unités de travail",
        "Atelier",
        "Risques professionnels et effectifs exposés",
        "Chute de plain-pied",
        "Tapis",
        "Installer un tapis antidérapant",
        "Locaux récents",
        "Sol du fournil",
        "data:image/png;base64,",
        "R4624-50",
        "inspection du travail",
        "médecin inspecteur du travail",
        "comité social et économique",
    ):
        assert text in html, text
    assert "PROJET" not in html


def test_a_draft_preview_says_it_is_not_validated(world):
    version = draft(world)
    html = pdf_fiche.fiche_html(version)
    assert "PROJET" in html
    assert pdf_fiche.render_fiche(version).startswith(b"%PDF")


def test_the_visit_letter_has_the_synthesis_table_but_never_the_internal_summary(world):
    held = visit(world, held=True)
    unit = PreventionVisitUnit.objects.create(
        visit=held, name="Fournil", existing_prevention="Hotte aspirante", remarks="À revoir"
    )
    unit.hazards.set([hazard("CHI-POU"), hazard("THE-CHA")])
    held.training_needs = "Gestes et postures"
    held.save()
    html = pdf_fiche.letter_html(held, issued_on=datetime.date(2026, 3, 9))
    for text in ("Fournil", "Poussières", "Ambiances thermiques chaudes", "Hotte aspirante"):
        assert text in html, text
    assert "Gestes et postures" in html
    assert "Employeur réticent" not in html  # the internal summary stays with the team
    assert "Synthèse interne" not in html
    assert pdf_fiche.render_visit_letter(held, issued_on=datetime.date(2026, 3, 9)).startswith(
        b"%PDF"
    )
