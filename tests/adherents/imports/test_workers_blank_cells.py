"""Worker import: a blank cell of an optional post column, or a column the file lacks, leaves a
known post's value as it is (README, « Imports »), on both paths; a new post takes the default.
Before, a file without ``travail_nuit`` turned a known night worker's post into day work, and
with it his category and what he is due."""

import datetime

import pytest

from suivi_sante.enums import SirRisk
from suivi_sante.models import Employment
from tests.adherents.imports.test_workers_setbased import _both_ways, _run
from tests.suivi_sante.factories import EmploymentFactory

pytestmark = pytest.mark.django_db
REQUIRED = ["siret", "nom", "prenom", "date_naissance", "sexe", "poste", "date_embauche"]
START = datetime.date(2026, 9, 1)


@pytest.fixture
def night_post(world):
    """A known worker's post with every optional field set away from its default."""
    return EmploymentFactory(
        worker=world.worker,
        establishment=world.establishment,
        start_on=START,
        job_title="Boulanger",
        contract=Employment.Contract.CDD,
        end_on=datetime.date(2027, 8, 31),
        pcs_ese_code="636d",
        is_night_work=True,
        is_exposed_biological_agents_2=True,
        is_exposed_electromagnetic_fields=True,
        sir_risks=[SirRisk.PLOMB],
    )


def _known_line(post, **cells) -> dict:
    """A file's line designating ``post`` (its worker, establishment and start), by column."""
    worker = post.worker
    line = {
        "siret": post.establishment.siret,
        "nom": worker.last_name,
        "prenom": worker.first_name,
        "date_naissance": worker.birth_date.strftime("%d/%m/%Y"),
        "sexe": worker.sex,
        "poste": post.job_title,
        "date_embauche": post.start_on.strftime("%d/%m/%Y"),
    }
    return line | cells


def _file(header, *lines) -> list[list]:
    return [header, *([line.get(column, "") for column in header] for line in lines)]


def _post_values(post) -> tuple:
    post.refresh_from_db()
    return (
        post.job_title,
        post.contract,
        post.end_on,
        post.pcs_ese_code,
        post.is_night_work,
        post.is_exposed_biological_agents_2,
        post.is_exposed_electromagnetic_fields,
        tuple(post.sir_risks),
    )


@pytest.mark.parametrize("set_based", [True, False], ids=["set-based", "row-by-row"])
def test_a_file_with_only_the_required_columns_leaves_a_known_post_unchanged(
    world, night_post, set_based
):
    before = _post_values(night_post)
    category = night_post.worker.category
    result = _run(
        world, _file(REQUIRED, _known_line(night_post)), dry_run=False, set_based=set_based
    )
    assert (result["error_count"], result["skip"], result["update"]) == (0, 1, 0), result
    assert _post_values(night_post) == before
    night_post.worker.refresh_from_db()
    assert night_post.worker.category == category


def test_blank_cells_keep_the_known_values_and_written_cells_change_them_on_both_paths(
    world, night_post, django_capture_on_commit_callbacks
):
    """Every optional column present: blank cells keep the post's values, the written ones
    (a new job title, « non » for night work, « aucun » risk) change them, as row by row."""
    header = [*REQUIRED, "contrat", "date_fin", "code_pcs_ese", "travail_nuit"]
    header += ["agents_biologiques_2", "champs_electromagnetiques", "risques_sir"]
    line = _known_line(night_post, poste="Chef boulanger", travail_nuit="non", risques_sir="Aucun")
    new, expected = _both_ways(world, _file(header, line), django_capture_on_commit_callbacks)
    assert new["update"] == 1
    assert new["changed"][0]["changes"] == ["poste", "travail de nuit", "risques particuliers"]
    assert _post_values(night_post) == (
        "Chef boulanger",
        Employment.Contract.CDD,
        datetime.date(2027, 8, 31),
        "636d",
        False,
        True,
        True,
        (),
    )


def test_a_new_post_and_a_new_worker_take_the_defaults_of_blank_cells(
    world, night_post, django_capture_on_commit_callbacks
):
    """Blank cells keep a known post's values only: the known worker's post at another start
    date, and a worker the file hires, are CDI, open-ended, by day, with no exposure."""
    later = _known_line(night_post, date_embauche="01/10/2026", poste="Vendeur")
    hired = _known_line(night_post, nom="Martin", prenom="Léo", date_naissance="02/04/1991")
    hired["sexe"] = "M"
    new, expected = _both_ways(
        world, _file(REQUIRED, later, hired), django_capture_on_commit_callbacks
    )
    assert (new["new"], new["update"]) == (1, 1)
    posts = Employment.objects.filter(job_title="Vendeur") | Employment.objects.filter(
        worker__last_name="Martin"
    )
    assert [_post_values(post)[1:] for post in posts] == 2 * [
        (Employment.Contract.CDI, None, "", False, False, False, ())
    ]
