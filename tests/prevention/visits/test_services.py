"""The "rendez-vous de la prévention": planned within six months, recorded, written, FE seeded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from adherents.models import Adherent
from prevention.errors import PreventionError
from prevention.models import (
    FicheEntreprise,
    FicheHazardEntry,
    FicheVersion,
    Hazard,
    HazardThesaurus,
    PreventionVisit,
)
from prevention.visits import services
from tests import documents
from tests.matrix_prevention.fiche import ctx_of, sent, visit
from tests.prevention.factories import WorkUnitFactory, hazard

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def assistant(world):
    return ctx_of(world.actors["prevention_assistant"])


def _checklist(*units):
    return [
        services.UnitChecklist(
            name=name,
            hazard_ids=tuple(hazard(code).pk for code in codes),
            existing_prevention=f"Prévention {name}",
            remarks="à revoir",
        )
        for name, codes in units
    ]


@pytest.mark.parametrize(
    ("joined", "due"),
    [
        (D(2026, 1, 15), D(2026, 7, 15)),
        (D(2025, 8, 31), D(2026, 2, 28)),  # no 31 February: the month's last day
    ],
)
def test_the_first_visit_is_due_six_months_after_joining(world, assistant, joined, due):
    Adherent.objects.filter(pk=world.adherent.pk).update(joined_on=joined)
    first = services.plan_visit(
        actor=assistant, establishment=world.establishment, scheduled_on=joined
    )
    assert first.due_on == due
    assert first.assigned_to == world.actors["prevention_assistant"]
    later = services.plan_visit(
        actor=assistant, establishment=world.establishment, scheduled_on=D(2027, 3, 1)
    )
    assert later.due_on is None  # a later visit renews the dialogue: no legal clock


def test_a_visit_is_planned_by_prevention_staff_for_prevention_staff(world, assistant):
    with pytest.raises(PermissionDenied):
        services.plan_visit(
            actor=ctx_of(world.actors["nurse"]),
            establishment=world.establishment,
            scheduled_on=D(2026, 3, 1),
        )
    with pytest.raises(PreventionError, match="assistant de prévention ou à un IPRP"):
        services.plan_visit(
            actor=assistant,
            establishment=world.establishment,
            scheduled_on=D(2026, 3, 1),
            assigned_to=world.actors["nurse"],
        )
    assert not PreventionVisit.objects.exists()


def test_recording_stores_the_checklist_by_unit(world, assistant):
    planned = visit(world)
    unit = WorkUnitFactory(establishment=world.establishment, name="Fournil", headcount=3)
    checklist = _checklist(("Fournil", ["CHI-POU", "THE-CHA"]), ("Vente", ["CHU-PP"]))
    checklist[0] = services.UnitChecklist(
        name="Fournil",
        work_unit_id=unit.pk,
        hazard_ids=checklist[0].hazard_ids,
        existing_prevention="Hotte",
    )
    held = services.record_visit(
        actor=assistant,
        visit=planned,
        held_on=D(2026, 3, 2),
        units=[*checklist, services.UnitChecklist(name="  ")],  # blank rows are ignored
        employer_expectations="Former les vendeurs",
        knowledge_level="low",
        training_needs="Gestes et postures",
        internal_summary="Dirigeant peu disponible",
    )
    assert (held.status, held.held_on, held.knowledge_level) == ("held", D(2026, 3, 2), "low")
    fournil, vente = held.units.order_by("pk")
    assert fournil.work_unit == unit
    assert {h.code for h in fournil.hazards.all()} == {"CHI-POU", "THE-CHA"}
    assert [h.code for h in vente.hazards.all()] == ["CHU-PP"]


def test_recording_refuses_what_cannot_be_true_and_writes_nothing(world, assistant):
    planned = visit(world)
    with pytest.raises(PreventionError, match="futur"):
        services.record_visit(
            actor=assistant,
            visit=planned,
            held_on=D(2999, 1, 1),
            units=_checklist(("Vente", [])),
        )
    with pytest.raises(PreventionError, match="au moins une unité"):
        services.record_visit(actor=assistant, visit=planned, held_on=D(2026, 3, 2), units=[])
    old = HazardThesaurus.objects.create(version="2019.1", published_on="2019-01-01")
    stale = Hazard.objects.create(thesaurus=old, code="X", family="Chutes", label="Ancien")
    with pytest.raises(PreventionError, match="thésaurus en vigueur"):
        services.record_visit(
            actor=assistant,
            visit=planned,
            held_on=D(2026, 3, 2),
            units=[services.UnitChecklist(name="Vente", hazard_ids=(stale.pk,))],
        )
    planned.refresh_from_db()
    assert planned.status == "planned"
    assert not planned.units.exists()


def test_the_letter_is_issued_once_after_the_visit_and_freezes_the_record(world, assistant):
    planned = visit(world)
    with pytest.raises(PreventionError, match="réalisation"):
        services.send_visit_letter(actor=assistant, visit=planned)
    services.record_visit(
        actor=assistant, visit=planned, held_on=D(2026, 3, 2), units=_checklist(("Vente", []))
    )
    services.send_visit_letter(actor=assistant, visit=planned)
    stored = PreventionVisit.objects.get(pk=planned.pk)
    assert documents.read(stored.letter_pdf, stored.letter_sha256).startswith(b"%PDF")
    assert len(stored.letter_sha256) == 64
    with pytest.raises(PreventionError, match="jamais réémis"):
        services.send_visit_letter(actor=assistant, visit=planned)
    with pytest.raises(PreventionError, match="plus modifiable"):
        services.record_visit(
            actor=assistant, visit=planned, held_on=D(2026, 3, 2), units=_checklist(("Quai", []))
        )


def test_the_visit_seeds_a_first_fe_draft(world, assistant):
    held = visit(world)
    unit = WorkUnitFactory(establishment=world.establishment, name="Fournil", headcount=3)
    services.record_visit(
        actor=assistant,
        visit=held,
        held_on=D(2026, 3, 2),
        units=[
            services.UnitChecklist(
                name="Fournil",
                work_unit_id=unit.pk,
                hazard_ids=(hazard("CHI-POU").pk,),
                existing_prevention="Hotte",
            )
        ],
    )
    draft = services.seed_fiche_from_visit(actor=assistant, visit=held)
    assert FicheEntreprise.objects.get().establishment == world.establishment
    assert (draft.number, draft.status, draft.from_visit) == (1, "draft", held)
    (entry,) = draft.units.all()
    assert (entry.name, entry.exposed_count, entry.work_unit) == ("Fournil", 3, unit)
    (seen,) = entry.hazards.all()
    assert (seen.hazard.code, seen.existing_measures, seen.exposed_count) == ("CHI-POU", "Hotte", 0)
    again = services.seed_fiche_from_visit(actor=assistant, visit=held)  # fills, never doubles
    assert again.pk == draft.pk
    assert FicheHazardEntry.objects.filter(entry__version=draft).count() == 1


def test_the_visit_fills_a_new_version_started_from_the_last_sent(world, assistant):
    last = sent(world)  # "Atelier" exposed to slips
    held = visit(world)
    services.record_visit(
        actor=assistant,
        visit=held,
        held_on=D(2026, 3, 2),
        units=_checklist(("atelier", ["BRU"]), ("Quai", ["CIR-INT"])),
    )
    draft = services.seed_fiche_from_visit(actor=assistant, visit=held)
    assert draft.number == last.number + 1
    hazards = {
        (h.entry.name, h.hazard.code)
        for h in FicheHazardEntry.objects.filter(entry__version=draft).select_related(
            "entry", "hazard"
        )
    }
    assert hazards == {("Atelier", "CHU-PP"), ("Atelier", "BRU"), ("Quai", "CIR-INT")}
    assert FicheVersion.objects.get(pk=last.pk).status == "sent"


def test_a_planned_visit_does_not_seed_the_fe(world, assistant):
    with pytest.raises(PreventionError, match="compte rendu"):
        services.seed_fiche_from_visit(actor=assistant, visit=visit(world))
    assert not FicheEntreprise.objects.exists()
