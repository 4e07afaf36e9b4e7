"""The confirmed import is all or nothing across chunks, not only within one.

django-import-export rolls back a chunk on its own (use_transactions): a test whose file fits in
one chunk passes even without the service's outer transaction. Here the bad line sits in the
third chunk, after two chunks that created and changed members.
"""

import pytest

from adherents.models import Adherent, Establishment, ImportStatus
from tests.adherents.factories import AdherentFactory
from tests.adherents.factories_imports import ADHERENT_HEADER, csv_file, new_siren

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "adherents": Adherent.objects.count(),
        "establishments": Establishment.objects.count(),
        "adherent history": Adherent.pgh_event_model.objects.count(),
    }


def test_a_bad_line_in_a_later_chunk_rolls_back_the_earlier_chunks(
    world, settings, dry_run, confirm
):
    settings.SPSTI_IMPORT_CHUNK_ROWS = 2
    a = world.adherent
    sirens = [new_siren() for _ in range(4)]
    content = csv_file(
        [
            ADHERENT_HEADER,
            [a.name, a.siren, "10.71C", "", world.team.name, "15/01/2024"],  # chunk 1: change
            ["Menuiserie Un", sirens[0], "43.32A", "", world.team.name, "01/03/2026"],
            ["Menuiserie Deux", sirens[1], "43.32A", "", world.team.name, "01/03/2026"],  # 2
            ["Menuiserie Trois", sirens[2], "43.32A", "", world.team.name, "01/03/2026"],
            ["Menuiserie Quatre", sirens[3], "43.32A", "", world.team.name, "01/03/2026"],  # 3
        ]
    )
    job = dry_run("adherents", "adherents.csv", content)
    assert job.status == ImportStatus.CHECKED, job.result
    # Between the dry run and its confirmation, another centre registers the last company.
    AdherentFactory(siren=sirens[3], team=world.other_team)
    before = _counts()

    real = confirm(job)

    assert real.status == ImportStatus.FAILED
    assert real.processed_rows == 5  # the three chunks ran: the error came from the last one
    assert [(e["line"], e["message"]) for e in real.result["errors"]] == [
        (6, "Ce SIREN est déjà adhérent, suivi par un autre centre.")
    ]
    assert _counts() == before
    assert not Adherent.objects.filter(siren__in=sirens[:3]).exists()
    a.refresh_from_db()
    assert a.naf_code == "43.21A"  # the change of the first chunk is undone too
