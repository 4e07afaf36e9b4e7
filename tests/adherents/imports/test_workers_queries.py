"""Worker import, set-based: the look-ups of a dry run (establishments, known workers, their
posts) cost a few queries per chunk, not one per line; lines still see the earlier lines."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from adherents.imports.resources import build_resource
from adherents.imports.services import _table_for, process
from adherents.models import ImportStatus
from suivi_sante.models import Worker
from tests.adherents.factories import EstablishmentFactory
from tests.adherents.factories_imports import csv_file, nir
from tests.adherents.imports.test_workers import HEADER

LOOKED_UP = ("adherents_establishment", "suivi_sante_worker", "suivi_sante_employment")


def _rows(world, count: int) -> list[list[str]]:
    siret = world.establishment.siret
    known = world.worker
    rows = [
        HEADER,
        [siret, known.last_name, known.first_name, "01/06/1985", "F", ""]
        + ["Boulangère", "CDI", "15/01/2026", "", "oui", ""],
    ]
    for i in range(count - 1):
        born = datetime.date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
        sex = "2" if i % 2 else "1"
        cells = [siret, f"Banc{i:04d}", "Camille", born.strftime("%d/%m/%Y"), "MF"[i % 2]]
        cells += [nir(sex, born, order=1 + i) if i % 3 else ""]
        rows.append(cells + ["Manutentionnaire", "CDI", "02/03/2026", "", "non", ""])
    return rows


def _lookups(world, count: int) -> tuple[int, dict]:
    resource = build_resource("workers", team_ids=[world.establishment.adherent.team_id])
    table = _table_for("salaries.csv", csv_file(_rows(world, count)), resource)
    with CaptureQueriesContext(connection) as queries:
        summary = process(table, resource, dry_run=True)
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and any(f'FROM "{t}"' in q["sql"] for t in LOOKED_UP)
    ]
    return len(reads), summary.as_json()


def test_the_dry_runs_look_ups_do_not_grow_with_the_lines(world, settings):
    settings.SPSTI_IMPORT_CHUNK_ROWS = 1000
    few, few_result = _lookups(world, 5)
    many, many_result = _lookups(world, 50)

    assert (few_result["new"], few_result["update"], few_result["error_count"]) == (4, 1, 0)
    assert (many_result["new"], many_result["update"], many_result["error_count"]) == (49, 1, 0)
    assert few == many <= 4, (few, many)


def test_a_line_finds_the_worker_an_earlier_line_of_the_file_created(world, dry_run, confirm):
    """Same person at two establishments of the member: line 2 creates her, line 3 adds her
    second post (the in-memory look-up sees what line 2 wrote, as the database would); the
    same by names and birth date (lines 4 and 5)."""
    second = EstablishmentFactory(adherent=world.adherent)
    born = datetime.date(1990, 4, 1)
    rows = [
        HEADER,
        [world.establishment.siret, "Durand", "Alice", "01/04/1990", "F", nir("2", born)]
        + ["Vendeuse", "CDI", "01/09/2026", "", "non", ""],
        [second.siret, "DURAND", "alice", "01/04/1990", "F", nir("2", born)]
        + ["Caissière", "CDI", "01/09/2026", "", "non", ""],
        [second.siret, "Martin", "Léa", "02/04/1990", "F", ""]
        + ["Caissière", "CDI", "01/09/2026", "", "non", ""],
        [world.establishment.siret, "MARTIN", "léa", "02/04/1990", "F", ""]
        + ["Vendeuse", "CDI", "01/09/2026", "", "non", ""],
    ]
    job = dry_run("workers", "salaries.csv", csv_file(rows))
    assert (job.result["new"], job.result["update"], job.result["rejected"]) == (2, 2, 0)

    assert confirm(job).status == ImportStatus.DONE

    # By names and birth date: the world's own worker has a random French name (Durand, too).
    alice = Worker.objects.get(adherent=world.adherent, last_name__iexact="durand", birth_date=born)
    assert alice.nir == nir("2", born)
    lea = Worker.objects.get(
        adherent=world.adherent, last_name__iexact="martin", birth_date=datetime.date(1990, 4, 2)
    )
    for worker in (alice, lea):
        titles = sorted(worker.employments.values_list("job_title", flat=True))
        assert titles == ["Caissière", "Vendeuse"]
