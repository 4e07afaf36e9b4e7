"""Worker import: ``motif_fin`` says a post ends with the worker's departure for retirement,
on both paths (README, « Imports »). For a worker who was under SIR earlier in his career, that
departure owes the end-of-career visit (L4624-2-1): a member's year-end departures then reach
the schedule without being typed one by one on the portal."""

import datetime

import pytest
from django.utils import timezone

from suivi_sante.enums import EndReason
from suivi_sante.models import DueVisit, Employment
from tests.adherents.factories import EstablishmentFactory
from tests.adherents.imports.test_workers_blank_cells import _known_line
from tests.adherents.imports.test_workers_setbased import _both_ways, _counts, _run
from tests.suivi_sante.factories import EmploymentFactory
from tests.suivi_sante.workers.test_departure import under_sir_earlier

pytestmark = pytest.mark.django_db
HEADER = ["siret", "nom", "prenom", "date_naissance", "sexe", "poste", "date_embauche"]
HEADER += ["date_fin", "motif_fin"]
CHOICES = "(Autre motif ou non précisé, Départ à la retraite)"


def _line(post, **cells) -> list[str]:
    line = _known_line(post, **cells)
    return [line.get(column, "") for column in HEADER]


def test_a_departure_for_retirement_imported_owes_the_end_of_career_visit_on_both_paths(
    world, django_capture_on_commit_callbacks
):
    """A post held since 2020 by a worker under SIR until 2019 (EMAE, SIR renewal): the file
    ends it for retirement, by the choice's label; both paths write the same post, history and
    dues, and the end-of-career visit is due on the last day (set-based: after the commit)."""
    post = under_sir_earlier(world)
    last_day = timezone.localdate() + datetime.timedelta(days=30)
    line = _line(post, date_fin=last_day.strftime("%d/%m/%Y"), motif_fin="Départ à la retraite")

    new, expected = _both_ways(world, [HEADER, line], django_capture_on_commit_callbacks)

    assert new["changed"][0]["changes"] == ["date de fin", "motif de fin"]
    post.refresh_from_db()
    assert (post.end_on, post.end_reason) == (last_day, EndReason.RETIREMENT)
    assert (world.worker.last_name, "FIN_CARRIERE", last_day) in expected["dues"]
    due = DueVisit.objects.get(worker=world.worker, kind="FIN_CARRIERE")
    assert due.due_on == last_day
    assert "avant le départ à la retraite" in due.reason


def test_a_blank_end_reason_keeps_the_known_one_and_a_written_one_keeps_the_known_end_date(
    world, django_capture_on_commit_callbacks
):
    """Line 2: a post already left for retirement, its cells blank: still « retraite » on its
    known last day. Line 3: a post with a known last day, « retraite » written with date_fin
    blank: the known date is kept and the reason written (no error: the post has an end)."""
    end = datetime.date(2027, 8, 31)
    retired = EmploymentFactory(
        worker=world.worker,
        establishment=world.establishment,
        start_on=datetime.date(2020, 7, 1),
        end_on=end,
        end_reason=EndReason.RETIREMENT,
    )
    other = EmploymentFactory(
        worker=world.worker,
        establishment=EstablishmentFactory(adherent=world.adherent),
        start_on=datetime.date(2021, 3, 1),
        end_on=end,
    )
    rows = [HEADER, _line(retired, poste="Chef boulanger"), _line(other, motif_fin="retraite")]

    new, expected = _both_ways(world, rows, django_capture_on_commit_callbacks)

    assert [c["changes"] for c in new["changed"]] == [["poste"], ["motif de fin"]]
    for post in (retired, other):
        post.refresh_from_db()
        assert (post.end_on, post.end_reason) == (end, EndReason.RETIREMENT)


@pytest.mark.parametrize("dry_run", [True, False], ids=["simulation", "confirmed"])
def test_a_wrong_end_reason_or_one_without_end_date_is_refused_on_its_line(world, dry_run):
    """An unknown value lists the choices; « retraite » with no date_fin, on a new post (line
    3) or on a known post with no end (line 4), would break the constraint that a reason needs
    an end date: a French message on the line, never the database's refusal; the same on the
    row-by-row path; nothing is written."""
    open_post = EmploymentFactory(worker=world.worker, establishment=world.establishment)
    elsewhere = EstablishmentFactory(adherent=world.adherent)
    other_open = EmploymentFactory(worker=world.worker, establishment=elsewhere)
    new_hire = EmploymentFactory.build(worker=world.worker, establishment=world.establishment)
    new_hire.start_on = datetime.date(2026, 9, 1)
    rows = [
        HEADER,
        _line(open_post, date_fin="31/12/2026", motif_fin="licenciement"),
        _line(new_hire, nom="Martin", prenom="Léa", motif_fin="retraite"),
        _line(other_open, motif_fin="Départ à la retraite"),
    ]
    before = _counts()

    result = _run(world, rows, dry_run=dry_run)

    errors = [(e["line"], e["column"], e["message"]) for e in result["errors"]]
    assert errors == [
        (2, "motif de fin", f"« licenciement » n'est pas une valeur possible {CHOICES}."),
        (3, "motif de fin", "Un motif de fin suppose une date de fin."),
        (4, "motif de fin", "Un motif de fin suppose une date de fin."),
    ]
    assert _counts() == before
    assert _run(world, rows, dry_run=dry_run, set_based=False)["errors"] == result["errors"]
    assert _counts() == before
    for post in (open_post, other_open):
        post.refresh_from_db()
        assert (post.end_on, post.end_reason) == (None, "")
    assert not Employment.objects.filter(worker__last_name="Martin").exists()
