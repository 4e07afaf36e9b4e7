"""Worker import, set-based (issue 19, item 3): every check reports its line in French, a dry
run writes nothing and costs the same queries whatever the number of lines, and a real import
writes the rows and history the row-by-row import wrote."""

import contextlib
import datetime
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts import audit
from adherents.imports.resources import build_resource
from adherents.imports.services import _table_for, process
from suivi_sante.enums import IdentityStatus
from suivi_sante.models import DueVisit, Employment, Worker
from tests.adherents.factories import EstablishmentFactory
from tests.adherents.factories_imports import csv_file, nir
from tests.adherents.imports.test_workers import HEADER
from tests.adherents.imports.test_workers_queries import _rows
from tests.suivi_sante.factories import EmploymentFactory

pytestmark = pytest.mark.django_db
BORN = datetime.date(1990, 4, 1)


def _line(siret, last, first="Alice", born="01/04/1990", sex="F", nir_="", **post):
    cells = {"poste": "Vendeuse", "contrat": "CDI", "date_embauche": "01/09/2026"}
    cells |= {"date_fin": "", "travail_nuit": "non", "risques_sir": ""} | post
    return [siret, last, first, born, sex, nir_] + [cells[c] for c in HEADER[6:]]


def _run(world, rows, *, dry_run=True, set_based=True, commit=None):
    """``commit``: django_capture_on_commit_callbacks, to run what follows the commit (what is
    due) as the Celery task does, in the import's audit context."""
    resource = build_resource(
        "workers", team_ids=[world.team.pk], user=world.actors["member_service"]
    )
    if not set_based:
        resource.process_set_based = None  # the row-by-row path of django-import-export
    table = _table_for("salaries.csv", csv_file(rows), resource)
    with (
        audit.actor_context(SimpleNamespace(user=world.actors["member_service"]), import_job=1),
        commit(execute=True) if commit else contextlib.nullcontext(),
    ):
        return process(table, resource, dry_run=dry_run).as_json()


def _counts() -> dict[str, int]:
    return {
        "workers": Worker.objects.count(),
        "posts": Employment.objects.count(),
        "worker history": Worker.pgh_event_model.objects.count(),
        "post history": Employment.pgh_event_model.objects.count(),
        "dues": DueVisit.objects.count(),
    }


def test_each_check_reports_its_line_in_french(world):
    siret = world.establishment.siret
    elsewhere = EstablishmentFactory(adherent__team=world.other_team)
    qualified = world.worker
    Worker.objects.filter(pk=qualified.pk).update(
        nir=nir("2", qualified.birth_date),
        ins_oid="1.2.250.1.213.1.4.8",
        identity_status=IdentityStatus.QUALIFIED,
    )
    bad_key = nir("2", BORN)[:-2] + f"{(int(nir('2', BORN)[-2:]) + 1) % 97:02d}"
    rows = [
        HEADER,
        _line(siret, "", "Anne"),  # 2: a required cell
        _line(siret, "Durand", "Bea", born="31/02/1990"),  # 3: not a date
        _line(siret, "Durand", "Cloé", nir_=bad_key),  # 4: the NIR's key
        _line(siret, "Durand", "Dina", sex="X"),  # 5: the import's own reading
        _line(siret, "Durand", "Eva", travail_nuit="peut-être"),  # 6
        _line("1234", "Durand", "Flo"),  # 7: the SIRET's format (column check)
        _line("", "Durand", "Gaëlle"),  # 8: no SIRET
        _line(siret, "Durand", "Hana", date_fin="01/01/2026"),  # 9: the form's clean()
        _line(siret, "Durand", "Inès", sex="M", nir_=nir("2", BORN, order=9)),  # 10
        _line(elsewhere.siret, "Leroy", born="31/02/1990"),  # 11: SQL check, and a column's
        _line(siret, qualified.last_name, qualified.first_name, "01/06/1985", nir_="")
        + [],  # 12: known worker, names changed below
        _line(siret, "Martin", "Léa"),  # 13
        _line(siret, "MARTIN", "léa"),  # 14: the same worker and establishment (in the file)
    ]
    rows[11][1] = qualified.last_name + "-Autre"
    rows[11][3] = qualified.birth_date.strftime("%d/%m/%Y")
    rows[11][5] = nir("2", qualified.birth_date)  # found by the NIR, names changed: refused
    before = _counts()

    result = _run(world, rows)

    errors = [(e["line"], e["column"], e["message"]) for e in result["errors"]]
    assert errors == [
        (2, "nom", "Ce champ est obligatoire."),
        (3, "date de naissance", "Saisissez une date valide."),
        (4, "NIR", errors[2][2]),
        (5, "sexe", "« X » n'est pas une valeur possible (Femme, Homme)."),
        (6, "travail de nuit", "« peut-être » n'est pas compris : écrivez oui ou non."),
        (7, "SIRET", "Le SIRET doit comporter exactement 14 chiffres."),
        (8, "SIRET", "Ce champ est obligatoire."),
        (9, "date de fin", "La date de fin précède la date d'embauche."),
        (10, "NIR", "Le premier chiffre du NIR ne correspond pas au sexe indiqué."),
        (11, "SIRET", "Aucun établissement d'un adhérent de votre centre n'a ce SIRET."),
        (11, "date de naissance", "Saisissez une date valide."),
        (12, None, "Identité qualifiée (INS) : elle ne se modifie pas par un import."),
        (14, "salarié", "même salarié et même établissement qu'à la ligne 13."),
    ]
    assert errors[2][2].startswith("La clé du NIR ne correspond pas")
    assert (result["new"], result["rejected"]) == (1, 12)
    assert _counts() == before
    # The row-by-row import said exactly the same.
    assert _run(world, rows, set_based=False)["errors"] == result["errors"]


def test_errors_far_down_a_long_file_keep_their_line_numbers(world):
    """Past the texts a column remembers (services_files.SHARED_CAP, issue 19, item 6), past
    the workers indexed by hash: each error still names its own line."""
    from adherents.imports.services_files import SHARED_CAP

    siret = world.establishment.siret
    count = SHARED_CAP + 200
    rows = [HEADER] + [_line(siret, f"Nom{i:05d}", f"Prénom{i:05d}") for i in range(count)]
    last = count + 1  # the file's last line (the header is line 1)
    rows[-1] = _line(siret, "Nom-fin", born="31/02/1990")
    rows[-2] = _line("12345678200010", "Nom-avant")  # a well-formed SIRET of no member
    rows[-3] = _line(siret, "NOM00007", "prénom00007")  # line 9's worker, again
    before = _counts()

    result = _run(world, rows)

    errors = [(e["line"], e["column"], e["message"]) for e in result["errors"]]
    assert errors == [
        (last - 2, "salarié", "même salarié et même établissement qu'à la ligne 9."),
        (last - 1, "SIRET", "Aucun établissement d'un adhérent de votre centre n'a ce SIRET."),
        (last, "date de naissance", "Saisissez une date valide."),
    ]
    assert (result["new"], result["rejected"]) == (count - 3, 3)
    assert _counts() == before


def test_a_dry_run_writes_nothing_and_its_queries_do_not_grow_with_the_lines(world):
    def queries(count: int) -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as captured:
            result = _run(world, _rows(world, count))
        return len(captured.captured_queries), result

    before = _counts()
    few, few_result = queries(5)
    many, many_result = queries(200)

    assert (few_result["new"], few_result["update"], few_result["error_count"]) == (4, 1, 0)
    assert (many_result["new"], many_result["update"], many_result["error_count"]) == (199, 1, 0)
    assert few == many <= 12, (few, many)
    assert _counts() == before


IDS = {"pgh_id", "pgh_created_at", "pgh_obj_id", "pgh_context_id", "id", "worker_id"}
IDS |= {"created_at", "updated_at"}


def _events(model) -> list[dict]:
    """Every history event of ``model``: each tracked column and the context's metadata."""
    fields = model.pgh_event_model._meta.concrete_fields
    names = [f.attname for f in fields if f.attname not in IDS]
    rows = model.pgh_event_model.objects.values(*names, "pgh_context__metadata")
    return sorted(rows, key=str)


def _snapshot(world) -> dict:
    workers = Worker.objects.filter(adherent__team=world.team).order_by("last_name", "birth_date")
    fields = ["last_name", "first_name", "birth_date", "sex", "nir", "adherent_id", "category"]
    fields += ["identity_status", "schedule_stale"]
    posts = Employment.objects.filter(worker__adherent__team=world.team)
    post_fields = ["worker__last_name", "establishment_id", "job_title", "contract", "start_on"]
    post_fields += ["end_on", "end_reason", "pcs_ese_code", "is_night_work", "sir_risks"]
    post_fields += ["declared_by_id"]
    post_fields += ["is_exposed_biological_agents_2", "is_exposed_electromagnetic_fields"]
    return {
        "workers": list(workers.values_list(*fields)),
        "posts": sorted(posts.values_list(*post_fields)),
        "dues": sorted(
            DueVisit.objects.filter(worker__adherent__team=world.team).values_list(
                "worker__last_name", "kind", "due_on"
            )
        ),
        "worker history": _events(Worker),
        "post history": _events(Employment),
    }


def _both_ways(world, rows, commit) -> tuple[dict, dict]:
    """The file imported row by row (rolled back, the state it left kept), then set-based: the
    same counts and the same state; the set-based result and that state."""
    with transaction.atomic():
        old = _run(world, rows, dry_run=False, set_based=False)
        expected = _snapshot(world)
        transaction.set_rollback(True)
    new = _run(world, rows, dry_run=False, commit=commit)
    assert old["error_count"] == 0, old
    keys = ("new", "update", "skip", "created", "changed")
    assert {k: new[k] for k in keys} == {k: old[k] for k in keys}
    assert _snapshot(world) == expected
    return new, expected


def test_a_real_import_writes_what_the_row_by_row_import_wrote(
    world, django_capture_on_commit_callbacks
):
    second = EstablishmentFactory(adherent=world.adherent)
    known = world.worker
    rows = [
        HEADER,
        _line(world.establishment.siret, "Durand", nir_=nir("2", BORN)),  # new
        _line(second.siret, "DURAND", "alice", nir_=nir("2", BORN), poste="Caissière"),  # 2nd post
        _line(world.establishment.siret, "Martin", "Léo", "02/04/1991", "M", risques_sir="plomb"),
        _line(world.establishment.siret, known.last_name, known.first_name)
        + [],  # the known worker: a new NIR and a new post
    ]
    rows[4][3] = known.birth_date.strftime("%d/%m/%Y")
    rows[4][5] = nir("2", known.birth_date, order=7)
    rows[4][10] = "oui"

    new, expected = _both_ways(world, rows, django_capture_on_commit_callbacks)
    assert (new["new"], new["update"]) == (2, 2)
    assert len(expected["posts"]) == 4  # Alice's two, Léo's, the known worker's new one
    assert expected["dues"]
    # Line 2 inserted "Durand Alice", line 3 renamed her: two events, as row by row.
    events = {(e["pgh_label"], e["last_name"], e["first_name"]) for e in expected["worker history"]}
    assert {("insert", "Durand", "Alice"), ("update", "DURAND", "alice")} <= events


def test_imported_exposures_of_r4624_18_are_written_as_row_by_row_wrote_them(
    world, django_capture_on_commit_callbacks
):
    """A known worker's post gains an exposure (an update), a new worker is hired exposed."""
    known = EmploymentFactory(
        worker=world.worker, establishment=world.establishment, start_on=datetime.date(2026, 9, 1)
    ).worker
    header = [*HEADER, "agents_biologiques_2", "champs_electromagnetiques"]
    siret = world.establishment.siret
    born = known.birth_date.strftime("%d/%m/%Y")
    rows = [
        header,
        _line(
            siret, known.last_name, known.first_name, born, poste=known.employments.get().job_title
        )
        + ["oui", "non"],
        _line(siret, "Martin", "Léo", "02/04/1991", "M") + ["", "oui"],
    ]
    new, expected = _both_ways(world, rows, django_capture_on_commit_callbacks)
    assert (new["new"], new["update"]) == (1, 1)
    assert new["changed"][0]["changes"] == ["agents biologiques du groupe 2"]
    exposures = {(p[0], p[-2], p[-1]) for p in expected["posts"]}
    assert {(known.last_name, True, False), ("Martin", False, True)} <= exposures
    assert {(name, kind, due) for name, kind, due in expected["dues"] if kind == "VIP"} >= {
        (known.last_name, "VIP", datetime.date(2026, 9, 1)),  # SIA: before assignment
        ("Martin", "VIP", datetime.date(2026, 9, 1)),
    }


def test_later_lines_that_change_a_new_worker_and_its_new_post_write_what_row_by_row_wrote(
    world, django_capture_on_commit_callbacks
):
    """Line 3 finds line 2's new worker by names, gives her a NIR and changes her new post (two
    states of a new post); line 4, same names and another NIR, is another worker; line 5 finds
    line 2's worker by her new NIR at a second establishment. The new rows' ids are mapped in
    the order they were written (resources_setbased._write, issue 19, item 6)."""
    second = EstablishmentFactory(adherent=world.adherent)
    siret = world.establishment.siret
    rows = [
        HEADER,
        _line(siret, "Durand"),
        _line(siret, "Durand", nir_=nir("2", BORN), poste="Caissière", travail_nuit="oui"),
        _line(second.siret, "Durand", nir_=nir("2", BORN, order=8)),
        _line(second.siret, "Durand", nir_=nir("2", BORN), poste="Chef de rayon"),
    ]
    new, expected = _both_ways(world, rows, django_capture_on_commit_callbacks)
    assert (new["new"], new["update"]) == (2, 2)
    posts = {p[2] for p in expected["posts"]}
    assert {"Caissière", "Vendeuse", "Chef de rayon"} <= posts
    post_events = {(e["pgh_label"], e["job_title"]) for e in expected["post history"]}
    assert {("insert", "Vendeuse"), ("update", "Caissière")} <= post_events


def test_a_confirmed_import_that_meets_an_error_writes_nothing(world, dry_run, confirm):
    second = EstablishmentFactory(adherent__team=world.team)
    rows = [
        HEADER,
        _line(world.establishment.siret, "Durand", nir_=nir("2", BORN)),
        _line(second.siret, "Martin", "Léo", "02/04/1991", "M"),
    ]
    job = dry_run("workers", "salaries.csv", csv_file(rows))
    assert job.status == "checked", job.result
    # Between the dry run and its confirmation, the second member leaves the centre.
    second.adherent.team = world.other_team
    second.adherent.save()
    before = _counts()

    real = confirm(job)

    assert real.status == "failed"
    assert [(e["line"], e["column"]) for e in real.result["errors"]] == [(3, "SIRET")]
    assert _counts() == before
