"""Worker import through adherents.hooks: the hire form's checks, employment, dues computed."""

import datetime

from adherents.imports.resources import available_kinds
from adherents.models import ImportStatus
from suivi_sante.models import DueVisit, Employment, Worker
from tests.adherents.factories import EstablishmentFactory
from tests.adherents.factories_imports import csv_file, nir

HEADER = ["siret", "nom", "prenom", "date_naissance", "sexe", "nir", "poste", "contrat"]
HEADER += ["date_embauche", "date_fin", "travail_nuit", "risques_sir"]


def test_the_follow_up_app_registers_the_worker_import():
    assert ("workers", "Salariés") in available_kinds()


def test_workers_dry_run_reports_the_hire_forms_errors_by_line(world, dry_run):
    siret = world.establishment.siret
    known = world.worker  # born 01/06/1985, woman, no NIR yet
    elsewhere = EstablishmentFactory(adherent__team=world.other_team)
    good_nir = nir("2", datetime.date(1990, 4, 1))
    woman_nir = nir("2", datetime.date(1990, 4, 1), order=2)
    wrong_key = good_nir[:-2] + f"{(int(good_nir[-2:]) + 1) % 97:02d}"
    rows = [
        HEADER,
        [siret, "Durand", "Alice", "01/04/1990", "F", good_nir, "Vendeuse", "CDI"]
        + ["01/09/2026", "", "non", ""],
        [siret, known.last_name.upper(), known.first_name, "1985-06-01", "Femme", nir()]
        + ["Boulangère", "", "15/01/2026", "", "oui", ""],
        [siret, "Martin", "Paul", "01/04/1990", "M", wrong_key, "Livreur", "CDD"]
        + ["01/09/2026", "31/12/2026", "", ""],
        [siret, "Petit", "Luc", "01/04/1990", "M", woman_nir, "Livreur", "Stage"]
        + ["01/09/2026", "", "", "plomb|béton"],
        [elsewhere.siret, "Leroy", "Zoé", "01/04/1990", "F", "", "Cariste", ""]
        + ["01/09/2026", "", "", ""],
    ]
    workers, employments = Worker.objects.count(), Employment.objects.count()

    job = dry_run("workers", "salaries.csv", csv_file(rows))

    result = job.result
    assert (result["new"], result["update"], result["rejected"]) == (1, 1, 3), result
    assert result["created"] == [{"line": 2, "label": "DURAND Alice"}]
    assert result["changed"][0]["line"] == 3
    assert {"NIR", "poste", "travail de nuit"} <= set(result["changed"][0]["changes"])
    errors = {(e["line"], e["column"]): e["message"] for e in result["errors"]}
    assert errors[(4, "NIR")].startswith("La clé du NIR ne correspond pas")
    assert errors[(5, "NIR")] == "Le premier chiffre du NIR ne correspond pas au sexe indiqué."
    assert errors[(5, "contrat")].startswith("« Stage » n'est pas une valeur possible")
    assert errors[(5, "risques particuliers")].startswith("« béton » n'est pas une valeur")
    assert errors[(6, "SIRET")] == (
        "Aucun établissement d'un adhérent de votre centre n'a ce SIRET."
    )
    assert (Worker.objects.count(), Employment.objects.count()) == (workers, employments)


def test_a_confirmed_worker_import_creates_the_worker_its_post_and_its_dues(
    world, dry_run, confirm
):
    siret = world.establishment.siret
    known = world.worker
    rows = [
        HEADER,
        [siret, "Durand", "Alice", "01/04/1990", "F", nir("2", datetime.date(1990, 4, 1))]
        + ["Vendeuse", "CDI", "01/09/2026", "", "non", ""],
        [siret, known.last_name, known.first_name, "01/06/1985", "F", ""]
        + ["Boulangère", "CDI", "15/01/2026", "", "non", "plomb"],
    ]
    job = dry_run("workers", "salaries.csv", csv_file(rows))
    assert job.status == ImportStatus.CHECKED, job.result

    real = confirm(job)

    assert real.status == ImportStatus.DONE, real.result
    alice = Worker.objects.get(last_name="Durand", first_name="Alice", adherent=world.adherent)
    post = alice.employments.get()
    assert (post.establishment_id, post.job_title, post.start_on) == (
        world.establishment.pk,
        "Vendeuse",
        datetime.date(2026, 9, 1),
    )
    assert post.declared_by == world.actors["member_service"]
    assert DueVisit.objects.filter(worker=alice).exists()
    alice.refresh_from_db()
    assert not alice.schedule_stale
    assert alice.schedule_computed_at is not None
    known.refresh_from_db()
    assert known.employments.get().sir_risks == ["plomb"]
    assert known.category == "SIR"  # recomputed from the imported exposure
    assert Worker.objects.filter(adherent=world.adherent).count() == 2


def test_imported_exposures_of_r4624_18_give_sia_and_a_vip_before_assignment(
    world, dry_run, confirm
):
    siret = world.establishment.siret
    header = [*HEADER, "agents_biologiques_2", "champs_electromagnetiques"]
    rows = [
        header,
        [siret, "Durand", "Alice", "01/04/1990", "F", nir("2", datetime.date(1990, 4, 1))]
        + ["Aide-soignante", "CDI", "31/01/2027", "", "non", "", "oui", ""],
        [siret, "Petit", "Luc", "01/04/1990", "M", "", "Manipulateur IRM", "CDI", "31/01/2027"]
        + ["", "", "", "non", "oui"],
    ]
    unclear = [siret, "Roux", "Léa", "01/04/1990", "F", "", "Laborantine", "CDI", "31/01/2027"]
    unclear += ["", "", "", "peut-être", ""]
    refused = dry_run("workers", "salaries.csv", csv_file([*rows, unclear]))
    assert [(e["line"], e["column"], e["message"]) for e in refused.result["errors"]] == [
        (
            4,
            "agents biologiques du groupe 2",
            "« peut-être » n'est pas compris : écrivez oui ou non.",
        )
    ]
    job = dry_run("workers", "salaries.csv", csv_file(rows))
    assert job.status == ImportStatus.CHECKED, job.result

    assert confirm(job).status == ImportStatus.DONE
    for last_name, exposures in (("Durand", (True, False)), ("Petit", (False, True))):
        worker = Worker.objects.get(last_name=last_name, adherent=world.adherent)
        post = worker.employments.get()
        assert (
            post.is_exposed_biological_agents_2,
            post.is_exposed_electromagnetic_fields,
        ) == exposures
        assert worker.category == "SIA"
        # Before assignment (R4624-18), not 3 months after the hire (30/04/2027).
        vip = DueVisit.objects.get(worker=worker, kind="VIP")
        assert (vip.due_on, vip.legal_reference) == (datetime.date(2027, 1, 31), "R4624-18")
