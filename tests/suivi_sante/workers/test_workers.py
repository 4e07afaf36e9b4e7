"""The employer's declarations, the physician's category, duplicates and their merge."""

import datetime
import html

import pytest
from django.urls import reverse

from suivi_sante.models import Absence, DueVisit, Employment, Worker
from tests.suivi_sante.factories import (
    AbsenceFactory,
    EmploymentFactory,
    VisitFactory,
    WorkerFactory,
)

pytestmark = pytest.mark.django_db

# 1 84 12 76 451 089, key 97 - (1841276451089 mod 97) = 46.
VALID_NIR = "184127645108946"


def text(response) -> str:
    """The page as a reader sees it (entities decoded)."""
    return html.unescape(response.content.decode())


def hire_data(world, **overrides) -> dict:
    data = {
        "last_name": "Martin",
        "first_name": "Paul",
        "birth_date": "1984-12-03",
        "sex": "M",
        "nir": VALID_NIR,
        "establishment": world.establishment.pk,
        "job_title": "Désamianteur",
        "contract": "CDI",
        "start_on": "2026-12-01",
        "sir_risks": ["amiante"],
    }
    return {**data, **overrides}


def hired_worker() -> Worker:
    """The worker the hire form created (the factories may also draw a "Martin")."""
    return Worker.objects.get(last_name="Martin", nir=VALID_NIR)


def test_a_sir_hire_shows_the_emae_due_before_assignment_with_its_reason(world, client_for):
    response = client_for("portal_admin").post(
        reverse("portal:suivi_sante:worker-hire"), hire_data(world), follow=True
    )
    worker = hired_worker()
    assert worker.category == "SIR"
    assert "R4624-23" in worker.category_justification
    emae = DueVisit.objects.get(worker=worker, kind="EMAE")
    assert emae.due_on == datetime.date(2026, 12, 1)
    assert emae.performers == ["physician"]
    # The employer reads the visit, the category and the date, never the engine's reason.
    assert "Suivi SIR : visite à réaliser avant le 01/12/2026." in text(response)
    assert emae.reason not in text(response)
    assert Employment.objects.get(worker=worker).declared_by == world.actors["portal_admin"]


@pytest.mark.parametrize(
    ("effective_days", "emae_due"),
    [("44", False), ("45", True)],  # D4625-22: the aptitude exam from 45 days of effective work
)
def test_a_seasonal_hire_declares_its_effective_work_days(
    world, client_for, effective_days, emae_due
):
    client_for("portal_admin").post(
        reverse("portal:suivi_sante:worker-hire"),
        hire_data(
            world,
            contract="SAISONNIER",
            end_on="2027-03-31",
            effective_work_days=effective_days,
            sir_risks=["agents_biologiques_3_4"],
        ),
    )
    worker = hired_worker()
    assert Employment.objects.get(worker=worker).effective_work_days == int(effective_days)
    assert DueVisit.objects.filter(worker=worker, kind="EMAE").exists() is emae_due


def test_loads_over_55_kg_can_be_declared_and_put_the_worker_in_sir(world, client_for):
    client_for("portal_admin").post(
        reverse("portal:suivi_sante:worker-hire"),
        hire_data(world, sir_risks=[], aptitude_jobs=["charges_55kg"]),
    )
    worker = hired_worker()
    assert worker.category == "SIR"
    assert "R4541-9" in worker.category_justification


@pytest.mark.parametrize(
    ("exposure", "reason"),
    [
        (
            "is_exposed_biological_agents_2",
            "SIA : exposition à des agents biologiques du groupe 2 (art. R4624-18)",
        ),
        (
            "is_exposed_electromagnetic_fields",
            "SIA : exposition à des champs électromagnétiques au-delà des valeurs limites "
            "d'exposition (art. R4624-18)",
        ),
    ],
)
def test_an_exposure_of_r4624_18_declared_at_hire_gives_sia_and_a_vip_before_assignment(
    world, client_for, exposure, reason
):
    client = client_for("portal_admin")
    form_page = text(client.get(reverse("portal:suivi_sante:worker-hire")))
    assert f'name="{exposure}"' in form_page
    response = client.post(
        reverse("portal:suivi_sante:worker-hire"),
        hire_data(world, job_title="Aide-soignant", sir_risks=[], start_on="2027-01-31")
        | {exposure: "on"},
        follow=True,
    )
    worker = hired_worker()
    assert getattr(Employment.objects.get(worker=worker), exposure) is True
    assert worker.category == "SIA"
    assert reason in worker.category_justification.splitlines()
    # Before assignment, on the day of hiring: not the 3 months of R4624-10 (30/04/2027).
    vip = DueVisit.objects.get(worker=worker, kind="VIP")
    assert (vip.due_on, vip.legal_reference) == (datetime.date(2027, 1, 31), "R4624-18")
    assert "Suivi SIA : visite à réaliser avant le 31/01/2027." in text(response)


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"nir": "184127645108947"}, "La clé du NIR ne correspond pas"),
        ({"nir": "284127645108993"}, "ne correspond pas au sexe"),
        ({"birth_date": "1985-12-03"}, "L'année de naissance du NIR"),
        ({"end_on": "2026-11-30"}, "La date de fin précède la date d'embauche."),
        ({"last_name": ""}, "Ce champ est obligatoire."),
        ({"sir_risks": ["uranium"]}, "Sélectionnez un choix valide"),
        (
            {"contract": "SAISONNIER", "end_on": "2026-12-20", "effective_work_days": "21"},
            "21 jours de travail effectif dépassent la durée du contrat (20 jours).",
        ),
        ({"effective_work_days": "0"}, "supérieure ou égale à 1"),
    ],
)
def test_bad_hire_input_gets_a_french_message_and_writes_nothing(
    world, client_for, overrides, field_message
):
    before = Worker.objects.count(), Employment.objects.count()
    response = client_for("portal_admin").post(
        reverse("portal:suivi_sante:worker-hire"), hire_data(world, **overrides)
    )
    assert response.status_code == 200
    assert field_message in text(response)
    assert (Worker.objects.count(), Employment.objects.count()) == before


def test_a_firm_cannot_declare_in_another_members_establishment(world, client_for):
    """The unmandated firm acts for member B: A's establishment is not a valid choice."""
    response = client_for("firm_unmandated").post(
        reverse("portal:suivi_sante:worker-hire"), hire_data(world)
    )
    assert response.status_code == 200
    assert not Worker.objects.filter(last_name="Martin").exists()


def test_a_duplicate_is_flagged_and_kept_until_staff_merge_it(world, client_for):
    first = WorkerFactory(
        adherent=world.adherent,
        last_name="Martin",
        first_name="Paul",
        birth_date=datetime.date(1984, 12, 3),
        sex="M",
    )
    EmploymentFactory(worker=first, establishment=world.establishment)
    held_at = datetime.datetime(2025, 1, 6, tzinfo=datetime.UTC)
    VisitFactory(worker=first, status="held", scheduled_at=held_at, held_at=held_at)
    response = client_for("portal_admin").post(
        reverse("portal:suivi_sante:worker-hire"), hire_data(world), follow=True
    )
    assert "Un salarié de même identité est déjà déclaré" in text(response)
    second = Worker.objects.get(last_name="Martin", nir=VALID_NIR)
    assert second.pk != first.pk
    assert second.merged_into is None

    secretary = client_for("secretary")
    listing = secretary.get(reverse("backoffice:suivi_sante:duplicate-list")).content.decode()
    assert f"Dossier n° {first.pk}" in listing
    assert f"Dossier n° {second.pk}" in listing

    secretary.post(
        reverse("backoffice:suivi_sante:worker-merge"), {"keep": second.pk, "duplicate": first.pk}
    )
    first.refresh_from_db()
    assert first.merged_into == second
    assert first.merged_at is not None
    assert Employment.objects.filter(worker=second).count() == 2
    assert second.visits.count() == 1
    assert Worker.objects.filter(pk=first.pk).exists()  # kept, never deleted
    # The held VIP moved with the merge: the VIP is no longer due for the kept record.
    assert not DueVisit.objects.filter(worker=second, kind="EMAE", due_on__lt="2026-01-01")


def test_merge_refuses_two_different_nirs(world, client_for):
    a = WorkerFactory(adherent=world.adherent, nir=VALID_NIR)
    b = WorkerFactory(adherent=world.adherent, nir="284127645108993")
    response = client_for("physician").post(
        reverse("backoffice:suivi_sante:worker-merge"),
        {"keep": a.pk, "duplicate": b.pk},
        follow=True,
    )
    assert "Les NIR diffèrent" in text(response)
    b.refresh_from_db()
    assert b.merged_into is None


def test_the_physician_overrides_the_category_with_a_reason_and_it_survives_recomputation(
    world, client_for
):
    EmploymentFactory(worker=world.worker, establishment=world.establishment)
    physician = client_for("physician")
    url = reverse("backoffice:suivi_sante:worker-category", args=[world.worker.pk])
    no_reason = physician.post(url, {"category": "SIA", "reason": " "}, follow=True)
    assert "Choisissez une catégorie et indiquez le motif" in text(no_reason)
    world.worker.refresh_from_db()
    assert world.worker.category_source == "derived"

    physician.post(url, {"category": "SIA", "reason": "Horaires décalés de fait."})
    world.worker.refresh_from_db()
    assert (world.worker.category, world.worker.category_source) == ("SIA", "physician")
    assert world.worker.category_override_reason == "Horaires décalés de fait."


def test_absence_then_return_ends_the_absence_the_day_before_and_makes_the_reprise_due(
    world, client_for
):
    EmploymentFactory(
        worker=world.worker, establishment=world.establishment, start_on=datetime.date(2020, 1, 6)
    )
    employer = client_for("portal_admin")
    employer.post(
        reverse("portal:suivi_sante:absence-create", args=[world.worker.pk]),
        {"cause": "accident_travail", "start_on": "2026-09-01"},
    )
    absence = Absence.objects.get(worker=world.worker)
    assert absence.end_on is None
    employer.post(
        reverse("portal:suivi_sante:absence-return", args=[absence.pk]), {"return_on": "2026-10-01"}
    )
    absence.refresh_from_db()
    assert absence.end_on == datetime.date(2026, 9, 30)  # 30 days off: a reprise visit is due
    reprise = DueVisit.objects.get(worker=world.worker, kind="REPRISE")
    assert reprise.due_on == datetime.date(2026, 10, 9)


def test_overlapping_absences_and_inverted_dates_are_refused(world, client_for):
    AbsenceFactory(
        worker=world.worker, start_on=datetime.date(2026, 9, 1), end_on=datetime.date(2026, 9, 10)
    )
    employer = client_for("portal_admin")
    url = reverse("portal:suivi_sante:absence-create", args=[world.worker.pk])
    overlap = employer.post(
        url, {"cause": "maladie", "start_on": "2026-09-05", "end_on": "2026-09-20"}, follow=True
    )
    assert "Une absence déjà déclarée couvre" in text(overlap)
    inverted = employer.post(
        url, {"cause": "maladie", "start_on": "2026-10-05", "end_on": "2026-10-01"}, follow=True
    )
    assert "Le dernier jour d'absence précède le premier." in text(inverted)
    assert Absence.objects.filter(worker=world.worker).count() == 1


def test_departure_before_hire_is_refused(world, client_for):
    employment = EmploymentFactory(worker=world.worker, establishment=world.establishment)
    response = client_for("portal_admin").post(
        reverse("portal:suivi_sante:employment-end", args=[employment.pk]),
        {"end_on": "2020-01-01"},
        follow=True,
    )
    assert "La date de sortie précède la date d'embauche." in text(response)
    employment.refresh_from_db()
    assert employment.end_on is None


def test_a_qualified_identity_needs_the_ins_and_a_valid_nir(world, client_for):
    secretary = client_for("secretary")
    url = reverse("backoffice:suivi_sante:worker-identity", args=[world.worker.pk])
    refused = secretary.post(
        url, {"nir": VALID_NIR, "ins_oid": "", "identity_status": "qualified"}, follow=True
    )
    assert "Une identité qualifiée exige le NIR (matricule INS) et l'OID" in text(refused)
    bad_key = secretary.post(
        url, {"nir": "184127645108947", "identity_status": "validated"}, follow=True
    )
    assert "La clé du NIR ne correspond pas" in text(bad_key)
    world.worker.refresh_from_db()
    assert (world.worker.nir, world.worker.identity_status) == ("", "provisional")

    secretary.post(
        url,
        {"nir": VALID_NIR, "ins_oid": "1.2.250.1.213.1.4.8", "identity_status": "qualified"},
    )
    world.worker.refresh_from_db()
    assert (world.worker.nir, world.worker.identity_status) == (VALID_NIR, "qualified")


def test_the_database_refuses_a_qualified_identity_without_ins(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Worker.objects.filter(pk=world.worker.pk).update(identity_status="qualified")


def test_the_physicians_shorter_periodicity_drives_the_renewal(world, client_for):
    EmploymentFactory(
        worker=world.worker, establishment=world.establishment, start_on=datetime.date(2024, 3, 1)
    )
    VisitFactory(
        worker=world.worker,
        status="held",
        scheduled_at=datetime.datetime(2024, 3, 4, 10, tzinfo=datetime.UTC),
        held_at=datetime.datetime(2024, 3, 4, 10, tzinfo=datetime.UTC),
    )
    client_for("physician").post(
        reverse("backoffice:suivi_sante:worker-category", args=[world.worker.pk]),
        {"category": "SI", "periodicity_months": "24", "reason": "Surveillance rapprochée."},
    )
    renewal = DueVisit.objects.get(worker=world.worker, kind="VIP")
    assert renewal.due_on == datetime.date(2026, 3, 4)  # 2 years, not the 5 of R4624-16
    assert "24 mois" in renewal.reason or "2 ans" in renewal.reason


def test_the_identity_posted_back_unchanged_says_so_and_writes_nothing(world, client_for):
    from tests.unchanged import assert_nothing_changed

    secretary = client_for("secretary")
    url = reverse("backoffice:suivi_sante:worker-identity", args=[world.worker.pk])
    shown = {"nir": "", "ins_oid": "", "identity_status": "provisional", "email": "", "phone": ""}
    Worker.objects.filter(pk=world.worker.pk).update(**shown)
    assert_nothing_changed(secretary, url, shown, not_said="Identité mise à jour.")
    changed = secretary.post(url, {**shown, "phone": "0600000000"}, follow=True)
    assert "Identité mise à jour." in text(changed)
