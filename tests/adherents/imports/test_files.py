"""Malformed files are refused at upload with a French message: no job, nothing written."""

import html
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from adherents.models import Adherent, Establishment, ImportJob, ImportStatus
from tests.adherents.factories_imports import ADHERENT_HEADER, csv_file, new_siren, siret_of

URL = "backoffice:adherents:imports-job-create"


def _post(client, name: str, content: bytes, kind: str = "adherents"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse(URL), {"kind": kind, "file": upload})


def _foreign_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "pas un classeur")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "scan.pdf",
            b"%PDF-1.4 fake",
            "Format non pris en charge : déposez un fichier CSV ou XLSX.",
        ),
        ("vieux.xls", b"\xd0\xcf\x11\xe0 old excel", "Le format XLS (Excel 97-2003)"),
        ("binaire.csv", b"raison\x00sociale;siren", "n'est pas un fichier CSV (texte)"),
        ("illisible.csv", b"raison_sociale;siren\r\n\x81\x8d\x8f\x90\x9d;1", "Encodage du fichier"),
        ("faux.xlsx", b"just text", "n'est pas un classeur XLSX valide"),
        ("abime.xlsx", _foreign_zip(), "Le fichier XLSX est illisible ou endommagé"),
        ("entete.csv", csv_file([ADHERENT_HEADER]), "aucune ligne de données"),
        ("blanc.csv", b"\r\n;;\r\n", "Le fichier est vide"),
        (
            "colonnes.csv",
            csv_file(
                [["raison_sociale", "siren", "equipe", "date_adhesion"], ["a", "b", "c", "d"]]
            ),
            "Colonnes obligatoires absentes : code_naf.",
        ),
        (
            "double.csv",
            csv_file([[*ADHERENT_HEADER, "SIREN"], ["a", "b", "c", "d", "e", "f", "g"]]),
            "Colonnes en double : siren.",
        ),
    ],
)
def test_a_malformed_file_is_refused_in_french_and_nothing_is_written(
    world, client_for, name, content, message
):
    adherents = Adherent.objects.count()

    response = _post(client_for("member_service"), name, content)

    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not ImportJob.objects.exists()
    assert Adherent.objects.count() == adherents


def test_an_empty_upload_is_refused(world, client_for):
    response = _post(client_for("member_service"), "vide.csv", b"")
    assert response.status_code == 400
    assert "vide" in html.unescape(response.content.decode())
    assert not ImportJob.objects.exists()


def test_a_windows_1252_file_with_commas_keeps_its_accents(world, dry_run):
    siren = world.adherent.siren
    content = csv_file(
        [
            ["siret", "siren", "nom", "type", "adresse", "code_postal", "commune", "siege"],
            [
                siret_of(siren, 7),
                siren,
                "Dépôt de Mâcon",
                "Chantier",
                "2 rue Émile",
                "1000",
                "Mâcon",
                "non",
            ],
        ],
        sep=",",
        encoding="cp1252",
    )
    job = dry_run("establishments", "etab.csv", content)
    assert job.status == ImportStatus.CHECKED, job.result
    assert job.result["created"][0]["label"] == f"Dépôt de Mâcon (SIRET {siret_of(siren, 7)})"
    assert not Establishment.objects.filter(siret=siret_of(siren, 7)).exists()


def test_a_utf8_bom_file_and_unknown_columns(world, dry_run):
    content = b"\xef\xbb\xbf" + csv_file(
        [
            [*ADHERENT_HEADER, "commentaire"],
            ["Société Ω", new_siren(), "43.21A", "", world.team.name, "01/02/2026", "x"],
        ]
    )
    job = dry_run("adherents", "bom.csv", content)
    assert job.status == ImportStatus.CHECKED, job.result
    assert job.result["ignored_columns"] == ["commentaire"]


def test_a_line_with_more_cells_than_the_header_is_rejected(world, dry_run):
    content = csv_file(
        [
            ADHERENT_HEADER,
            ["Société", new_siren(), "43.21A", "", world.team.name, "01/02/2026", "?"],
        ]
    )
    job = dry_run("adherents", "a.csv", content)
    assert job.status == ImportStatus.FAILED
    assert job.result["errors"][0]["line"] == 2
    assert "plus de cellules que l'en-tête" in job.result["errors"][0]["message"]


def test_line_numbers_hold_across_line_ends_and_cells_on_several_lines():
    """The CSV is read line by line from its text (issue 19, item 6): "\\r\\n", "\\r" and "\\n"
    each end a line, a quoted cell may hold one, and a blank line keeps its number."""
    from adherents.imports.services_files import read_table

    content = 'nom;prenom\r\nDurand;Alice\r"Martin\nDupont";Léo\n\r\nRoux;Paul'.encode()
    table = read_table("a.csv", content, required=(), known=["nom", "prenom"])
    assert table.lines == [2, 3, 6]
    assert table.rows == [["Durand", "Alice"], ["Martin\nDupont", "Léo"], ["Roux", "Paul"]]


def test_a_text_repeated_down_its_column_is_held_once():
    """A 100,000-line file holds its repeated SIRET once (issue 19, item 6); a column of more
    distinct texts than are remembered is still read whole."""
    from adherents.imports.services_files import SHARED_CAP, read_table

    names = [f"Nom{i}" for i in range(SHARED_CAP + 10)]
    content = "\n".join(["siret;nom", *(f"12345678200010;{n}" for n in names)]).encode()
    table = read_table("a.csv", content, required=(), known=["siret", "nom"])
    assert table.rows[-1][0] is table.rows[0][0]
    assert [row[1] for row in table.rows] == names
    assert table.lines == list(range(2, SHARED_CAP + 12))
