"""FE screens: drafted on a tablet, validated by the physician, acknowledged by the member."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prevention.models import FicheEntreprise, FicheHazardEntry, FicheUnitEntry, FicheVersion
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.conftest import login
from tests.matrix_prevention.fiche import draft, sent, validated
from tests.prevention.factories import hazard

pytestmark = pytest.mark.django_db


def _edit_url(version) -> str:
    return reverse("backoffice:prevention:fiche-version-edit", args=[version.pk])


def test_the_fe_goes_from_the_assistants_tablet_to_the_employers_receipt(world, client_for):
    assistant, physician, member = (
        client_for("prevention_assistant"),
        client_for("physician"),
        client_for("portal_admin"),
    )
    response = assistant.post(
        reverse("backoffice:prevention:fiche-open", args=[world.establishment.pk])
    )
    version = FicheVersion.objects.get(fiche__establishment=world.establishment)
    assert response.url == _edit_url(version)

    editor = assistant.get(_edit_url(version)).content.decode()
    assert 'accept="image/*"' in editor
    assert 'capture="environment"' in editor
    assert "btn-lg" in editor
    assert "form-control-lg" in editor
    assert "col-12 col-lg-8" in editor  # one column on a tablet

    assistant.post(
        _edit_url(version),
        {"action": "add_unit", "unit-name": "Fournil", "unit-exposed_count": "4"},
    )
    entry = FicheUnitEntry.objects.get(version=version)
    refused = assistant.post(
        _edit_url(version),
        {
            "action": "add_hazard",
            "entry": entry.pk,
            f"unit-{entry.pk}-hazard": hazard("CHI-POU").pk,
            f"unit-{entry.pk}-exposed_count": "9",
        },
    )
    assert "ne peut pas dépasser l&#x27;effectif de l&#x27;unité" in refused.content.decode()
    assert not FicheHazardEntry.objects.exists()
    assistant.post(
        _edit_url(version),
        {
            "action": "add_hazard",
            "entry": entry.pk,
            f"unit-{entry.pk}-hazard": hazard("CHI-POU").pk,
            f"unit-{entry.pk}-exposed_count": "4",
            f"unit-{entry.pk}-existing_measures": "Aspiration",
        },
    )
    hazard_entry = FicheHazardEntry.objects.get()
    assistant.post(
        _edit_url(version), {"action": "toggle_priority", "hazard_entry": hazard_entry.pk}
    )
    hazard_entry.refresh_from_db()
    assert hazard_entry.is_priority

    # The member never sees a draft, nor a validated version not yet sent.
    detail = reverse("portal:prevention:fiche-version-detail", args=[version.pk])
    assert member.get(detail).status_code == 404
    validate = reverse("backoffice:prevention:fiche-version-validate", args=[version.pk])
    assert physician.post(validate).status_code == 302
    assert member.get(detail).status_code == 404
    assert (
        member.get(reverse("portal:prevention:fiche-version-pdf", args=[version.pk])).status_code
        == 404
    )

    send = reverse("backoffice:prevention:fiche-version-send", args=[version.pk])
    assert assistant.post(send).status_code == 302
    listing = member.get(reverse("portal:prevention:fiche-list")).content.decode()
    assert world.establishment.name in listing
    assert "À accuser réception" in listing
    page = member.get(detail).content.decode()
    assert "Poussières" in page
    assert "J'accuse réception" in page
    pdf = member.get(reverse("portal:prevention:fiche-version-pdf", args=[version.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.getvalue().startswith(b"%PDF")

    ack = reverse("portal:prevention:fiche-acknowledge", args=[version.pk])
    assert member.post(ack).status_code == 302
    again = member.post(ack, follow=True).content.decode()
    assert "déjà accusé réception" in again
    assert "J'accuse réception" not in again


def test_an_editor_post_on_a_validated_version_changes_nothing(world, client_for):
    version = validated(world)
    response = client_for("prevention_assistant").post(
        _edit_url(version),
        {"action": "texts", "texts-observations": "Réécrite", "texts-recommendations": ""},
        follow=True,
    )
    assert "n&#x27;est plus un brouillon" in response.content.decode()
    assert FicheVersion.objects.get(pk=version.pk).observations == ""


def test_the_texts_posted_back_unchanged_say_so_and_write_nothing(world, client_for):
    from tests.unchanged import assert_nothing_changed

    version = draft(world)
    assistant = client_for("prevention_assistant")
    texts = {
        "action": "texts",
        "texts-observations": "Sol glissant près du four",
        "texts-recommendations": "Tapis antidérapant",
    }
    saved = assistant.post(_edit_url(version), texts, follow=True).content.decode()
    assert "Observations et préconisations enregistrées." in saved
    assert_nothing_changed(
        assistant,
        _edit_url(version),
        texts,
        not_said="Observations et préconisations enregistrées.",
    )
    assert FicheVersion.objects.get(pk=version.pk).observations == "Sol glissant près du four"


def test_a_physician_reads_the_draft_but_cannot_edit_it(world, client_for):
    version = draft(world)
    physician = client_for("physician")
    page = physician.get(_edit_url(version)).content.decode()
    assert "Valider la fiche" in page
    assert 'name="action" value="add_unit"' not in page
    response = physician.post(_edit_url(version), {"action": "texts"})
    assert response.status_code == 403


def test_an_archived_version_is_labelled_and_a_new_version_starts_from_the_last(world, client_for):
    old = sent(world, sent_on=datetime.date(2022, 3, 1))
    sent(world, sent_on=datetime.date(2026, 3, 1))
    assistant = client_for("prevention_assistant")
    page = assistant.get(reverse("backoffice:prevention:fiche-detail", args=[old.fiche_id]))
    assert "Archivée (remplacée)" in page.content.decode()
    response = assistant.post(
        reverse("backoffice:prevention:fiche-version-start", args=[old.fiche_id])
    )
    new = FicheVersion.objects.get(fiche=old.fiche, status="draft")
    assert new.number == 3
    assert response.url == _edit_url(new)
    member_page = client_for("portal_admin").get(
        reverse("portal:prevention:fiche-version-detail", args=[old.pk])
    )
    assert "archivée" in member_page.content.decode()
    assert "J'accuse réception" not in member_page.content.decode()


def test_the_fe_list_filters_what_is_due(world, client_for):
    sent(world, sent_on=datetime.date(2022, 11, 1))  # A: renewal due 01/11/2026
    late = EstablishmentFactory(
        adherent=AdherentFactory(team=world.team, joined_on=datetime.date(2025, 1, 2)),
        name="Pressing Delta",
    )
    assistant = client_for("prevention_assistant")
    url = reverse("backoffice:prevention:fiche-list")
    to_establish = assistant.get(url, {"statut": "a_etablir"}).content.decode()
    assert late.name in to_establish
    assert world.establishment.name not in to_establish
    to_renew = assistant.get(url, {"statut": "a_renouveler"}).content.decode()
    assert world.establishment.name in to_renew
    assert late.name not in to_renew
    everything = assistant.get(url).content.decode()
    assert "Établir la fiche" in everything
    assert "Adhérents ayant une fiche de moins de 4 ans" in everything


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _batch(world, count: int) -> None:
    for _ in range(count):
        establishment = EstablishmentFactory(adherent=world.adherent)
        sent(world, establishment=establishment)
        draft(world, establishment=establishment)


@pytest.mark.parametrize(
    ("url_name", "actor"),
    [
        ("backoffice:prevention:fiche-list", "prevention_assistant"),
        ("portal:prevention:fiche-list", "portal_admin"),
    ],
)
def test_fe_lists_answer_in_a_flat_number_of_queries(world, url_name, actor, client_for):
    client = client_for(actor)
    url = reverse(url_name)
    _batch(world, 1)
    _queries(
        client, url
    )  # the header's figures, computed once (prevention/selectors_remembered.py)
    few = _queries(client, url)
    _batch(world, 29)
    assert _queries(client, url) == few
    assert few <= 11  # 8 for the shell and the session, the page, two aggregates


def test_opening_an_fe_twice_says_so(world, client_for):
    assistant = client_for("prevention_assistant")
    url = reverse("backoffice:prevention:fiche-open", args=[world.establishment.pk])
    assistant.post(url)
    response = assistant.post(url, follow=True)
    assert "existe déjà" in response.content.decode()
    assert FicheEntreprise.objects.count() == 1


def test_the_backoffice_pdf_of_a_sent_version_is_the_stored_one(world, client):
    version = sent(world)
    login(client, world.actors["nurse"])
    response = client.get(reverse("backoffice:prevention:fiche-version-pdf", args=[version.pk]))
    assert response.getvalue() == b"%PDF-1.7 test document"
    assert response["Cache-Control"] == "private, no-store"


def test_malformed_editor_and_planning_parameters_are_not_server_errors(world, client_for):
    version = draft(world)
    assistant = client_for("prevention_assistant")
    response = assistant.post(_edit_url(version), {"action": "remove_unit", "entry": "abc"})
    assert response.status_code == 404
    assert assistant.post(_edit_url(version), {"action": "nope"}).status_code == 400
    planning = reverse("backoffice:prevention:visit-create")
    assert assistant.get(planning, {"etablissement": "abc"}).status_code == 200
