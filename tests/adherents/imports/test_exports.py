"""Reversibility export: a ZIP of CSV files (+ invoice PDFs), never medical data or notes."""

import datetime
import io
import zipfile

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccessLog
from adherents.imports import exports
from adherents.models import (
    Contact,
    ContactRole,
    DeclarationCampaign,
    DeclarationKind,
    MemberRequest,
    RequestCategory,
    RequestChannel,
    RequestMessage,
    WorkforceDeclaration,
)
from tests.adherents.factories import AdherentFactory
from tests.adherents.factories_imports import TINY_PDF, invoice

FILES = {
    "LISEZMOI.txt",
    "adherent.csv",
    "etablissements.csv",
    "contacts.csv",
    "mandats.csv",
    "declarations_effectifs.csv",
    "factures.csv",
    "demandes.csv",
    "demandes_messages.csv",
}


def _member_data(world, n: int = 1, start: int = 0):
    a = world.adherent
    admin = world.actors["portal_admin"]
    campaign, _ = DeclarationCampaign.objects.get_or_create(
        year=2026,
        defaults={"opens_on": datetime.date(2026, 1, 1), "closes_on": datetime.date(2026, 3, 31)},
    )
    WorkforceDeclaration.objects.get_or_create(
        campaign=campaign,
        establishment=world.establishment,
        version=1,
        defaults={
            "kind": DeclarationKind.CAMPAIGN,
            "headcount_si": 4,
            "headcount_sia": 1,
            "headcount_sir": 0,
            "company_heads": 2,
            "prefilled_from_workers": True,
            "submitted_by": admin,
        },
    )
    for i in range(start, start + n):
        Contact.objects.create(
            adherent=a,
            role=ContactRole.BILLING,
            first_name="Chloé",
            last_name=f"Compta{i}",
            email=f"compta{i}@alpha.fr",
            phone="+33 6 12 34 56 78",
        )
        invoice(a, f"F-2026-{world.adherent.pk:03d}{i:03d}")
        request = MemberRequest.objects.create(
            adherent=a,
            channel=RequestChannel.PORTAL,
            category=RequestCategory.QUESTION,
            subject=f"Question {i}",
            body='=HYPERLINK("http://x")',
            created_by=admin,
        )
        RequestMessage.objects.create(request=request, author=admin, body=f"Merci {i}")
        RequestMessage.objects.create(
            request=request,
            author=world.actors["member_service"],
            body="NOTE INTERNE : client difficile",
            is_internal=True,
        )


def _unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_member_admin_downloads_its_own_archive(world, client_for):
    _member_data(world)
    number = f"F-2026-{world.adherent.pk:03d}000"

    response = client_for("portal_admin").get(reverse("portal:adherents:imports-export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    files = _unzip(response.content)
    assert set(files) == FILES | {f"factures/{number}.pdf"}
    assert files[f"factures/{number}.pdf"] == TINY_PDF
    contacts = files["contacts.csv"].decode("utf-8-sig")
    assert files["contacts.csv"].startswith(b"\xef\xbb\xbf")
    assert contacts.splitlines()[0] == "role;prenom;nom;email;telephone;siret_etablissement;actif"
    assert "Facturation;Chloé;Compta0;compta0@alpha.fr;+33 6 12 34 56 78;;oui" in contacts
    assert f"{number};Facture;2026;15/01/2026;14/02/2026;120,00" in files["factures.csv"].decode(
        "utf-8-sig"
    )
    everything = b"".join(files.values()).decode("utf-8", "replace")
    assert "Merci 0" in everything
    assert "NOTE INTERNE" not in everything
    assert world.worker.last_name not in everything  # no follow-up data, ever
    assert "'=HYPERLINK" in files["demandes.csv"].decode("utf-8-sig")  # formula neutralised
    assert "Boulangerie Alpha" in files["adherent.csv"].decode("utf-8-sig")
    declarations = files["declarations_effectifs.csv"].decode("utf-8-sig").splitlines()
    assert declarations[0] == (
        "annee;siret;version;nature;si;sia;sir;total;dirigeants_l4621_4;declaree_le;motif"
    )
    assert f"2026;{world.establishment.siret};1;Déclaration annuelle;4;1;0;5;2;" in declarations[1]
    assert AccessLog.objects.filter(
        action="adherents.export.download", object_id=str(world.adherent.pk)
    ).exists()


def test_the_member_service_exports_any_member_of_its_centre_only(world, client_for):
    client = client_for("member_service")
    url = "backoffice:adherents:imports-member-export"
    other_centre = AdherentFactory(team=world.other_team)

    assert client.get(reverse(url, args=[world.other_adherent.pk])).status_code == 200
    assert client.get(reverse(url, args=[other_centre.pk])).status_code == 404


def test_the_archive_reads_a_constant_number_of_queries(world):
    _member_data(world, n=1)
    with CaptureQueriesContext(connection) as one:
        exports.member_archive(world.adherent)
    _member_data(world, n=12, start=1)
    with CaptureQueriesContext(connection) as many:
        content = exports.member_archive(world.adherent)
    assert len(one.captured_queries) == len(many.captured_queries)
    assert len([n for n in _unzip(content) if n.startswith("factures/")]) == 13


def test_the_centres_member_list_as_xlsx(world, client_for):
    other_centre = AdherentFactory(team=world.other_team, name="Scierie Sud")
    client = client_for("member_service")
    url = reverse("backoffice:adherents:imports-members-xlsx")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        AdherentFactory(team=world.team, name='=HYPERLINK("http://x")')
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)

    response = client.get(url)

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "raison_sociale",
        "siren",
        "code_naf",
        "forme_juridique",
        "equipe",
        "date_adhesion",
        "statut",
    ]
    names = {row[0] for row in rows[1:]}
    assert names == {"Boulangerie Alpha", "Garage Bêta", '\'=HYPERLINK("http://x")'}
    assert "f" not in {cell.data_type for row in sheet.iter_rows() for cell in row}  # no formula
    assert other_centre.name not in names
    alpha = next(row for row in rows if row[0] == "Boulangerie Alpha")
    assert alpha[4:] == [world.team.name, "15/01/2024", "Adhérent"]
