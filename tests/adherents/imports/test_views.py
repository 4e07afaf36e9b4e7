"""The back-office screens: upload, progress, result, confirmation, list, templates."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adherents.models import Adherent, ImportJob, ImportStatus
from tests import documents
from tests.adherents.factories_imports import ADHERENT_HEADER, csv_file, new_siren


def _page(response) -> str:
    return html.unescape(response.content.decode())


def test_upload_check_and_confirm_through_the_screens(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("member_service")
    siren = new_siren()
    upload = SimpleUploadedFile(
        "adherents.csv",
        csv_file(
            [ADHERENT_HEADER, ["Forge Êta", siren, "25.62B", "", world.team.name, "2/3/2026"]]
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("backoffice:adherents:imports-job-create"),
            {"kind": "adherents", "file": upload},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("backoffice:adherents:imports-job-detail", args=[job.pk])

    page = _page(client.get(response.url))
    assert "Vérifié (simulation)" in page
    assert f"ligne 2 : Forge Êta (SIREN {siren})" in page
    assert "Confirmer l'import" in page
    assert not Adherent.objects.filter(siren=siren).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backoffice:adherents:imports-job-confirm", args=[job.pk]))
    real = ImportJob.objects.get(dry_run=False)
    assert response.url == reverse("backoffice:adherents:imports-job-detail", args=[real.pk])
    page = _page(client.get(response.url))
    assert "Import terminé : toutes les lignes ont été enregistrées." in page
    assert Adherent.objects.get(siren=siren).team_id == world.team.pk

    # A second confirmation is refused with a message, nothing more is queued.
    response = client.post(reverse("backoffice:adherents:imports-job-confirm", args=[job.pk]))
    assert response.status_code == 302
    assert ImportJob.objects.filter(dry_run=False).count() == 1
    assert "Confirmer l'import" not in _page(
        client.get(reverse("backoffice:adherents:imports-job-detail", args=[job.pk]))
    )


def _job(world, **fields) -> ImportJob:
    return ImportJob.objects.create(
        kind="adherents",
        center=world.center,
        filename="a.csv",
        **documents.fields(b"x", "content", "content_sha256", extension="csv"),
        created_by=world.actors["member_service"],
        **fields,
    )


def test_a_running_job_shows_its_progress_and_refreshes_itself(world, client_for):
    job = _job(world, status=ImportStatus.RUNNING, total_rows=10, processed_rows=3)
    client = client_for("member_service")
    url = reverse("backoffice:adherents:imports-job-detail", args=[job.pk])

    page = _page(client.get(url))
    assert 'hx-trigger="every 2s"' in page
    assert 'aria-live="polite"' in page
    assert "Ligne 3 sur 10 traitées (30 %)" in page

    fragment = client.get(url, {"fragment": "progress"}, HTTP_HX_REQUEST="true")
    assert "Ligne 3 sur 10" in _page(fragment)
    assert "<html" not in _page(fragment)

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKED, processed_rows=10)
    finished = client.get(url, {"fragment": "progress"}, HTTP_HX_REQUEST="true")
    assert finished["HX-Refresh"] == "true"
    assert "hx-trigger" not in _page(client.get(url))


def test_the_job_list_query_count_is_flat(world, client_for, settings):
    settings.SPSTI_LIST_PAGE_SIZE = 20
    client = client_for("member_service")
    url = reverse("backoffice:adherents:imports-job-list")
    _job(world, result={"new": 1, "update": 0, "rejected": 0})
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(30):
        _job(world, result={"new": 2, "update": 5, "rejected": 1})
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(one.captured_queries) == len(many.captured_queries)
    assert "Page suivante" in _page(response)  # 31 jobs, 20 a page


def test_the_template_files_carry_the_headers(world, client_for):
    client = client_for("member_service")
    expected = {
        "adherents": "raison_sociale;siren;code_naf;forme_juridique;equipe;date_adhesion",
        "establishments": "siret;siren;nom;type;adresse;code_postal;commune;siege",
        "contacts": "siren;role;prenom;nom;email;telephone",
        "workers": "siret;nom;prenom;date_naissance;sexe;nir;poste;contrat;date_embauche;"
        "date_fin;motif_fin;code_pcs_ese;travail_nuit;agents_biologiques_2;"
        "champs_electromagnetiques;risques_sir",
    }
    for kind, header in expected.items():
        response = client.get(reverse("backoffice:adherents:imports-template", args=[kind]))
        assert response.status_code == 200
        lines = response.content.decode("utf-8-sig").split("\r\n")
        assert lines[0] == header
        # One example line, marked "(exemple)" in its first cell: the import skips it.
        assert lines[1].startswith("(exemple) ")
        assert len(lines[1].split(";")) == len(header.split(";"))
        assert lines[2:] == [""]
    contacts = client.get(reverse("backoffice:adherents:imports-template", args=["contacts"]))
    assert contacts.content.decode("utf-8-sig").split("\r\n")[1] == (
        "(exemple) 123456782;Facturation;Claire;Exemple;claire.exemple@exemple.fr;04 00 00 00 00"
    )
    assert (
        client.get(reverse("backoffice:adherents:imports-template", args=["x"])).status_code == 404
    )


def test_the_example_line_of_the_model_is_skipped_by_the_import():
    from adherents.imports.services_files import ImportFileError, read_table

    header = "siren;role;prenom;nom;email\r\n"
    example = "(exemple) 123456782;Facturation;Claire;Exemple;claire.exemple@exemple.fr\r\n"
    real = "552100554;Dirigeant;Paul;Durand;paul.durand@exemple.fr\r\n"
    columns = ["siren", "role", "prenom", "nom", "email"]

    table = read_table(
        "contacts.csv", (header + example + real).encode(), required=(), known=columns
    )

    assert table.rows == [["552100554", "Dirigeant", "Paul", "Durand", "paul.durand@exemple.fr"]]
    assert table.lines == [3]
    with pytest.raises(ImportFileError, match="aucune ligne de données"):
        read_table("contacts.csv", (header + example).encode(), required=(), known=columns)
