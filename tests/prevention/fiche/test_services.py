"""FE services: deadlines, versions started from the last, drafting rules, freezing, sending."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from accounts.enums import StaffRole
from prevention.errors import PreventionError
from prevention.fiche import services, services_content
from prevention.models import (
    FicheAcknowledgement,
    FicheEntreprise,
    FicheHazardEntry,
    FicheUnitEntry,
    FicheVersion,
    Hazard,
    HazardThesaurus,
)
from tests import documents
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.matrix_prevention.fiche import ctx_of, draft, fiche_of, sent, validated
from tests.prevention.factories import WorkUnitFactory, hazard

pytestmark = pytest.mark.django_db


@pytest.fixture
def assistant(world):
    return ctx_of(world.actors["prevention_assistant"])


@pytest.fixture
def physician(world):
    return ctx_of(world.actors["physician"])


@pytest.mark.parametrize(
    ("joined", "due"),
    [
        (datetime.date(2026, 3, 15), datetime.date(2027, 3, 15)),
        (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),  # R4624-47, no 29 February
    ],
)
def test_opening_an_fe_sets_the_first_deadline_a_year_after_joining(world, assistant, joined, due):
    adherent = AdherentFactory(team=world.team, joined_on=joined)
    establishment = EstablishmentFactory(adherent=adherent)
    fiche = services.open_fiche(actor=assistant, establishment=establishment)
    assert fiche.first_due_on == due
    assert fiche.renewal_due_on is None


def test_an_fe_is_opened_once_and_only_by_prevention_staff_of_the_centre(world, assistant):
    services.open_fiche(actor=assistant, establishment=world.establishment)
    with pytest.raises(PreventionError, match="existe déjà"):
        services.open_fiche(actor=assistant, establishment=world.establishment)
    with pytest.raises(PermissionDenied):
        services.open_fiche(
            actor=ctx_of(world.actors["nurse"]), establishment=world.other_establishment
        )
    assert FicheEntreprise.objects.count() == 1


def test_a_new_version_is_numbered_after_the_last_and_copies_the_last_sent(world, assistant):
    first = sent(world)
    version = services.start_version(actor=assistant, fiche=first.fiche)
    assert version.number == first.number + 1
    assert version.status == "draft"
    assert version.drafted_by == world.actors["prevention_assistant"]
    assert list(version.contributors.all()) == [world.actors["prevention_assistant"]]
    (entry,) = version.units.all()
    assert (entry.name, entry.exposed_count) == ("Atelier", 5)
    (copied,) = entry.hazards.all()
    assert (copied.hazard.code, copied.exposed_count, copied.existing_measures) == (
        "CHU-PP",
        3,
        "Tapis",
    )
    assert FicheUnitEntry.objects.filter(version=first).count() == 1  # the original is intact


def test_a_new_version_carries_observations_and_recommendations(world, assistant):
    version = draft(world)
    services_content.update_texts(
        actor=assistant, version=version, observations="Sol humide", recommendations="Balisage"
    )
    FicheVersion.objects.filter(pk=version.pk).update(
        status="validated", validated_by=world.actors["physician"], validated_at="2026-01-05T10:00Z"
    )
    FicheVersion.objects.filter(pk=version.pk).update(
        status="sent", sent_at="2026-01-06T10:00Z", **documents.fields(b"%PDF", "pdf", "sha256")
    )
    copy = services.start_version(actor=assistant, fiche=version.fiche)
    assert (copy.observations, copy.recommendations) == ("Sol humide", "Balisage")


def test_only_one_draft_or_unsent_version_at_a_time(world, assistant):
    version = draft(world)
    with pytest.raises(PreventionError, match="brouillon est déjà en cours"):
        services.start_version(actor=assistant, fiche=version.fiche)
    with pytest.raises(IntegrityError), transaction.atomic():  # fe_one_draft holds it too
        FicheVersion.objects.create(
            fiche=version.fiche,
            number=9,
            thesaurus=version.thesaurus,
            drafted_by=world.actors["prevention_assistant"],
        )
    other = validated(world, establishment=world.other_establishment)
    with pytest.raises(PreventionError, match="transmettez-la"):
        services.start_version(actor=assistant, fiche=other.fiche)


def test_hazards_come_from_the_versions_thesaurus_and_fit_the_unit(world, assistant):
    version = draft(world, unit=False)
    entry = services_content.add_unit_entry(
        actor=assistant, version=version, name="Cuisine", exposed_count=4
    )
    old = HazardThesaurus.objects.create(version="2020.1", published_on="2020-01-01")
    stale = Hazard.objects.create(thesaurus=old, code="OLD", family="Chutes", label="Ancien")
    with pytest.raises(PreventionError, match="thésaurus"):
        services_content.add_hazard_entry(
            actor=assistant, entry=entry, hazard=stale, exposed_count=1
        )
    with pytest.raises(PreventionError, match=r"ne peut pas dépasser l'effectif .*Cuisine.* \(4\)"):
        services_content.add_hazard_entry(
            actor=assistant, entry=entry, hazard=hazard("BRU"), exposed_count=5
        )
    added = services_content.add_hazard_entry(
        actor=assistant, entry=entry, hazard=hazard("BRU"), exposed_count=4, is_priority=True
    )
    assert added.is_priority
    with pytest.raises(PreventionError, match="déjà relevé"):
        services_content.add_hazard_entry(
            actor=assistant, entry=entry, hazard=hazard("BRU"), exposed_count=1
        )
    with pytest.raises(PreventionError, match="inférieur"):
        services_content.update_unit_entry(
            actor=assistant, entry=entry, name="Cuisine", exposed_count=3
        )
    assert FicheHazardEntry.objects.filter(entry=entry).count() == 1


def test_units_come_from_the_establishment_or_a_free_name(world, assistant):
    version = draft(world, unit=False)
    unit = WorkUnitFactory(establishment=world.establishment, name="Fournil", headcount=7)
    entry = services_content.add_unit_entry(actor=assistant, version=version, work_unit=unit)
    assert (entry.name, entry.exposed_count, entry.work_unit) == ("Fournil", 7, unit)
    with pytest.raises(PreventionError, match="figure déjà"):
        services_content.add_unit_entry(actor=assistant, version=version, name="fournil")
    foreign = WorkUnitFactory(establishment=world.other_establishment)
    with pytest.raises(PreventionError, match="n'appartient pas"):
        services_content.add_unit_entry(actor=assistant, version=version, work_unit=foreign)
    services_content.remove_unit_entry(actor=assistant, entry=entry)
    assert not version.units.exists()


def test_every_edit_adds_its_author_to_the_contributors(world, assistant):
    version = draft(world, unit=False)
    colleague = StaffAssignmentFactory(
        center=world.center, team=world.team, role=StaffRole.PREVENTION_ASSISTANT
    ).user
    services_content.add_unit_entry(actor=assistant, version=version, name="Quai", exposed_count=2)
    services_content.update_texts(
        actor=ctx_of(colleague), version=version, observations="", recommendations="Gants"
    )
    assert set(version.contributors.all()) == {world.actors["prevention_assistant"], colleague}


def test_only_the_teams_physician_validates_and_a_version_needs_a_unit(world, physician):
    empty = draft(world, unit=False)
    with pytest.raises(PreventionError, match="aucune unité"):
        services.validate_version(actor=physician, version=empty)
    FicheVersion.objects.filter(pk=empty.pk).delete()  # a draft may be deleted
    version = draft(world)
    with pytest.raises(PermissionDenied):
        services.validate_version(
            actor=ctx_of(world.actors["prevention_assistant"]), version=version
        )
    validated_version = services.validate_version(actor=physician, version=version)
    assert validated_version.status == "validated"
    assert validated_version.validated_by == world.actors["physician"]
    assert validated_version.validated_at is not None


def test_a_validated_version_cannot_be_edited_by_the_service_nor_in_the_database(world, assistant):
    version = validated(world)
    entry = version.units.get()
    with pytest.raises(PreventionError, match="n'est plus un brouillon"):
        services_content.update_texts(
            actor=assistant, version=version, observations="x", recommendations=""
        )
    with pytest.raises(PreventionError, match="n'est plus un brouillon"):
        services_content.add_unit_entry(actor=assistant, version=version, name="Quai")
    with pytest.raises(DatabaseError, match="figée"), transaction.atomic():
        FicheVersion.objects.filter(pk=version.pk).update(observations="réécrite")
    with pytest.raises(DatabaseError, match="figée"), transaction.atomic():
        FicheUnitEntry.objects.filter(pk=entry.pk).update(exposed_count=50)
    with pytest.raises(DatabaseError, match="figée"), transaction.atomic():
        FicheHazardEntry.objects.filter(entry=entry).delete()
    with (  # below the ORM, whose PROTECT would answer first
        pytest.raises(DatabaseError, match="figée"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM prevention_ficheversion WHERE id = %s", [version.pk])
    assert FicheVersion.objects.get(pk=version.pk).observations == ""


def test_sending_stores_the_pdf_and_sets_the_renewal_four_years_later(world, assistant, settings):
    settings.SPSTI_FE_RENEWAL_YEARS = 4
    version = validated(world)
    services.send_version(actor=assistant, version=version, today=datetime.date(2026, 11, 23))
    version.refresh_from_db()
    assert version.status == "sent"
    assert documents.read(version.pdf, version.sha256).startswith(b"%PDF")
    assert len(version.sha256) == 64
    assert version.fiche.renewal_due_on == datetime.date(2030, 11, 23)
    with pytest.raises(PreventionError, match="déjà été transmise"):
        services.send_version(actor=assistant, version=version)


def test_a_draft_is_not_sent_before_the_physician_validates_it(world, assistant):
    version = draft(world)
    with pytest.raises(PreventionError, match="valider la fiche"):
        services.send_version(actor=assistant, version=version)


def test_a_sent_version_refuses_any_other_database_update(world):
    version = sent(world)
    for change in (
        {"status": "validated"},
        {"recommendations": "autre"},
        {"pdf": documents.stored(b"%PDF-other")["name"]},
        {"sha256": "0" * 64},
        {"sent_at": "2030-01-01T00:00Z"},
    ):
        with pytest.raises(DatabaseError, match="figée"), transaction.atomic():
            FicheVersion.objects.filter(pk=version.pk).update(**change)
    kept = FicheVersion.objects.get(pk=version.pk)
    assert (kept.pdf, kept.sha256) == (version.pdf, version.sha256)
    assert documents.read(kept.pdf, kept.sha256).startswith(b"%PDF-1.7 test")


def test_the_employer_acknowledges_its_last_sent_version_once(world):
    member = ctx_of(world.actors["portal_admin"])
    old = sent(world, sent_on=datetime.date(2022, 1, 10))
    new = sent(world, sent_on=datetime.date(2026, 1, 10))
    with pytest.raises(PreventionError, match="remplacée"):
        services.acknowledge(actor=member, version=old)
    receipt = services.acknowledge(actor=member, version=new)
    assert receipt.acknowledged_by == world.actors["portal_admin"]
    with pytest.raises(PreventionError, match="déjà accusé"):
        services.acknowledge(actor=member, version=new)
    with pytest.raises(PermissionDenied):  # another member
        services.acknowledge(actor=ctx_of(world.actors["portal_other"]), version=new)
    with pytest.raises(DatabaseError), transaction.atomic():
        FicheAcknowledgement.objects.filter(pk=receipt.pk).delete()


def test_a_draft_cannot_be_acknowledged(world):
    version = draft(world)
    with pytest.raises(PermissionDenied):
        services.acknowledge(actor=ctx_of(world.actors["portal_admin"]), version=version)
    assert fiche_of(world).versions.count() == 1
