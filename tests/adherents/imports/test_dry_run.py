"""Dry run then confirmed import of members: what is created, changed, rejected, by line."""

import datetime

import pytest

from adherents.imports import services as imports
from adherents.models import Adherent, ImportJob, ImportStatus
from spsti import documents_storage
from tests.adherents.factories import AdherentFactory
from tests.adherents.factories_imports import ADHERENT_HEADER, csv_file, new_siren, xlsx_file


def test_a_csv_dry_run_shows_created_changed_unchanged_and_rejected_lines(
    world, dry_run, staff_ctx
):
    a, b = world.adherent, world.other_adherent
    new = new_siren()
    bad_key = new[:-1] + str((int(new[-1]) + 1) % 10)
    content = csv_file(
        [
            ["Raison sociale", "SIREN", "Code NAF", "Forme juridique", "Équipe", "Date adhésion"],
            ["Menuiserie Delta", new, "4332a", "SARL", world.team.name, "01/03/2026"],
            [a.name, a.siren, "10.71C", "", world.team.name, "15/01/2024"],
            [b.name, b.siren, b.naf_code, "", world.team.name.upper(), "2024-01-15"],
            ["Clé fausse", bad_key, "43.21A", "", world.team.name, "01/03/2026"],
            ["Autre centre", new_siren(), "43.21A", "", world.other_team.name, "01/03/2026"],
        ]
    )
    before = Adherent.objects.count()

    job = dry_run("adherents", "adherents.csv", content)

    assert job.status == ImportStatus.FAILED  # a dry run with rejected lines cannot be confirmed
    assert job.total_rows == job.processed_rows == 5
    result = job.result
    assert (result["new"], result["update"], result["skip"], result["rejected"]) == (1, 1, 1, 2)
    assert result["created"] == [{"line": 2, "label": f"Menuiserie Delta (SIREN {new})"}]
    assert result["changed"] == [
        {"line": 3, "label": f"{a.name} (SIREN {a.siren})", "changes": ["code NAF"]}
    ]
    errors = {(e["line"], e["column"]): e["message"] for e in result["errors"]}
    assert errors[(5, "SIREN")] == "Ce SIREN est invalide : sa clé de contrôle ne correspond pas."
    assert "n'est pas une équipe de votre centre" in errors[(6, "équipe")]
    assert Adherent.objects.count() == before  # nothing written
    a.refresh_from_db()
    assert a.naf_code == "43.21A"
    assert not imports.can_confirm(job)
    with pytest.raises(imports.ImportRefusedError):
        imports.confirm(staff_ctx, job.pk)


def test_an_xlsx_dry_run_then_its_confirmation_writes_every_line(
    world, dry_run, confirm, staff_ctx
):
    first, second = new_siren(), new_siren()
    content = xlsx_file(  # numbers and dates as a spreadsheet stores them
        [
            ADHERENT_HEADER,
            ["Plâtrerie Epsilon", int(first), "43.31Z", "SAS", world.team.name]
            + [datetime.datetime(2026, 2, 1)],  # noqa: DTZ001 - a spreadsheet date cell
            ["Garage Zêta", second, "45.20A", None, world.team.pk, datetime.date(2026, 3, 1)],
        ]
    )
    job = dry_run("adherents", "adherents.xlsx", content)

    assert job.status == ImportStatus.CHECKED, job.result
    assert (job.result["new"], job.result["rejected"]) == (2, 0)
    assert [r["line"] for r in job.result["created"]] == [2, 3]
    assert not Adherent.objects.filter(siren__in=[first, second]).exists()

    real = confirm(job)

    assert real.status == ImportStatus.DONE
    assert not real.dry_run
    job.refresh_from_db()
    assert job.confirmed_job_id == real.pk
    created = Adherent.objects.get(siren=first)
    assert (created.name, created.team_id, created.joined_on) == (
        "Plâtrerie Epsilon",
        world.team.pk,
        datetime.date(2026, 2, 1),
    )
    assert Adherent.objects.get(siren=second).joined_on == datetime.date(2026, 3, 1)
    with pytest.raises(imports.ImportRefusedError, match="déjà été confirmée"):
        imports.confirm(staff_ctx, job.pk)


def test_one_bad_line_at_the_real_import_writes_nothing_and_fails_the_job(world, dry_run, confirm):
    first, second = new_siren(), new_siren()
    content = csv_file(
        [
            ADHERENT_HEADER,
            ["Alpha bis", first, "43.21A", "", world.team.name, "01/01/2026"],
            ["Bêta bis", second, "43.21A", "", world.team.name, "01/01/2026"],
        ]
    )
    job = dry_run("adherents", "a.csv", content)
    assert job.status == ImportStatus.CHECKED
    # Meanwhile another centre registers the second company.
    AdherentFactory(siren=second, team=world.other_team)

    real = confirm(job)

    assert real.status == ImportStatus.FAILED
    assert real.result["errors"] == [
        {
            "line": 3,
            "column": "SIREN",
            "message": "Ce SIREN est déjà adhérent, suivi par un autre centre.",
        }
    ]
    assert not Adherent.objects.filter(siren=first).exists()  # the good line is not written


def test_repeated_keys_in_the_file_are_rejected_on_their_line(world, dry_run):
    siren = new_siren()
    row = ["Doublon", siren, "43.21A", "", world.team.name, "01/01/2026"]
    job = dry_run("adherents", "a.csv", csv_file([ADHERENT_HEADER, row, ["x"] * 6, row]))
    errors = [(e["line"], e["message"]) for e in job.result["errors"]]
    assert (4, "déjà présent à la ligne 2 du fichier.") in errors


def test_progress_is_reported_after_each_chunk(world, settings, staff_ctx):
    """The imports still run in chunks (establishments, contacts) report after each chunk;
    the set-based ones (members, workers: issue 19) once their whole file is checked."""
    from adherents.imports.resources import AdherentResource, EstablishmentResource
    from adherents.imports.services_files import read_table
    from tests.adherents.factories_imports import siret_of
    from tests.adherents.imports.test_establishments_contacts import ESTABLISHMENT_HEADER

    settings.SPSTI_IMPORT_CHUNK_ROWS = 2
    siren = world.adherent.siren
    files = {
        EstablishmentResource: [
            ESTABLISHMENT_HEADER,
            *([siret_of(siren, 50 + i), siren, f"Site {i}", "", "1 rue Neuve", "71000", "Mâcon"]
              + ["non"] for i in range(5)),
        ],
        AdherentResource: [
            ADHERENT_HEADER,
            *([f"Société {i}", new_siren(), "43.21A", "", world.team.name, "01/01/2026"]
              for i in range(5)),
        ],
    }  # fmt: skip
    for kind, expected in ((EstablishmentResource, [2, 4, 5]), (AdherentResource, [5])):
        resource = kind(team_ids=staff_ctx.team_ids)
        table = read_table(
            "a.csv",
            csv_file(files[kind]),
            required=resource.required_columns,
            known=resource.template_headers(),
        )
        seen: list[int] = []

        summary = imports.process(table, resource, dry_run=True, progress=seen.append)

        assert seen == expected, kind
        assert (summary.new, summary.error_count) == (5, 0), summary.errors


def test_a_job_is_run_once(world, dry_run):
    job = dry_run(
        "adherents",
        "a.csv",
        csv_file([ADHERENT_HEADER, ["X", new_siren(), "43.21A", "", world.team.name, "1/1/2026"]]),
    )
    assert job.status == ImportStatus.CHECKED
    assert imports.run_job(job.pk) == ImportStatus.CHECKED  # a redelivery changes nothing
    assert ImportJob.objects.get(pk=job.pk).finished_at == job.finished_at


def test_only_the_member_service_starts_or_confirms_an_import(world):
    from django.core.exceptions import PermissionDenied

    from tests.adherents.factories_imports import ctx_of

    for actor in ("physician", "billing", "portal_admin"):
        with pytest.raises(PermissionDenied):
            imports.start_dry_run(
                ctx_of(world.actors[actor]), kind="adherents", filename="a.csv", content=b"x"
            )
    assert not ImportJob.objects.exists()


def test_old_files_are_blanked_and_their_dry_run_can_no_longer_be_confirmed(
    world, dry_run, staff_ctx, django_capture_on_commit_callbacks
):
    content = csv_file(
        [ADHERENT_HEADER, ["X", new_siren(), "43.21A", "", world.team.name, "1/1/2026"]]
    )
    job = dry_run("adherents", "a.csv", content)
    later = job.finished_at + datetime.timedelta(days=31)

    name = job.content.name
    assert documents_storage.read(name, job.content_sha256) == content
    assert imports.purge_files(today=job.finished_at + datetime.timedelta(days=29)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert imports.purge_files(today=later) == 1
    assert imports.purge_files(today=later) == 0

    job.refresh_from_db()
    assert (job.content.name, job.content_sha256) == ("", "")
    assert not documents_storage.documents_storage().exists(name)  # erased from the storage
    assert job.result["new"] == 1  # the result stays
    with pytest.raises(imports.ImportRefusedError, match="trop ancienne"):
        imports.confirm(staff_ctx, job.pk)
