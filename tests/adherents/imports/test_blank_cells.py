"""Member, establishment and contact imports: a blank cell of an optional column, or a column
the file lacks, leaves a known row's value as it is; a new row takes the default (README,
« Imports et export des données adhérents »). A file without the ``siege`` column, or with its
cells blank, never moves a member's head office. The worker import has its own tests
(test_workers_blank_cells)."""

import pytest

from adherents.imports.resources import AdherentResource
from adherents.models import Adherent, Contact, ContactRole, Establishment, ImportStatus
from tests.adherents.factories import EstablishmentFactory
from tests.adherents.factories_imports import csv_file, new_siren, siret_of

pytestmark = pytest.mark.django_db
SHAPES = ["blank cells", "columns absent"]


def _file(header: list[str], optional: list[str], shape: str, *lines: dict) -> bytes:
    """The lines under ``header``; the ``optional`` columns are left blank, or left out."""
    if shape == "columns absent":
        header = [column for column in header if column not in optional]
    return csv_file([header, *([line.get(column, "") for column in header] for line in lines)])


def _import(dry_run, confirm, kind: str, content: bytes) -> dict:
    """The dry run's report, after checking that its confirmation wrote the file."""
    job = dry_run(kind, "fichier.csv", content)
    assert job.status == ImportStatus.CHECKED, job.result
    assert confirm(job).status == ImportStatus.DONE
    return job.result


@pytest.fixture(params=["set-based", "row-by-row"])
def member_path(request, monkeypatch):
    """The member import's two paths: the set-based one the service runs, and the row-by-row
    rules of django-import-export it follows."""
    if request.param == "row-by-row":
        monkeypatch.setattr(AdherentResource, "process_set_based", None)
    return request.param


@pytest.mark.parametrize("shape", SHAPES)
def test_members_keep_their_legal_form(world, dry_run, confirm, member_path, shape):
    a, b = world.adherent, world.other_adherent
    Adherent.objects.filter(pk=a.pk).update(legal_form="SAS")
    Adherent.objects.filter(pk=b.pk).update(legal_form="SCOP")
    header = ["raison_sociale", "siren", "code_naf", "forme_juridique", "equipe"]
    header += ["date_adhesion"]
    team, joined = world.team.name, "15/01/2024"

    def line(member, **cells) -> dict:
        known = {"raison_sociale": member.name, "siren": member.siren, "code_naf": "43.21A"}
        return known | {"equipe": team, "date_adhesion": joined} | cells

    fresh = line(a, raison_sociale="Menuiserie Delta", siren=new_siren())
    content = _file(header, ["forme_juridique"], shape, line(a), line(b, code_naf="10.71C"), fresh)

    result = _import(dry_run, confirm, "adherents", content)

    assert (result["new"], result["update"], result["skip"]) == (1, 1, 1)
    assert result["changed"][0]["changes"] == ["code NAF"]
    forms = dict(Adherent.objects.values_list("siren", "legal_form"))
    assert (forms[a.siren], forms[b.siren], forms[fresh["siren"]]) == ("SAS", "SCOP", "")


@pytest.mark.parametrize("shape", SHAPES)
def test_establishments_keep_their_type_and_the_head_office_stays_where_it_was(
    world, dry_run, confirm, shape
):
    a = world.adherent
    head = world.establishment  # a's head office
    Establishment.objects.filter(pk=head.pk).update(kind=Establishment.Kind.WORKSITE)
    site = EstablishmentFactory(adherent=a, kind=Establishment.Kind.ISOLATED)
    header = ["siret", "siren", "nom", "type", "adresse", "code_postal", "commune", "siege"]

    def line(establishment, **cells) -> dict:
        known = {"siret": establishment.siret, "siren": a.siren, "nom": establishment.name}
        known |= {"adresse": establishment.address, "code_postal": establishment.postal_code}
        return known | {"commune": establishment.city} | cells

    fresh = line(site, siret=siret_of(a.siren, 77), nom="Dépôt")
    lines = [line(head, commune="Cluny"), line(site), fresh]

    result = _import(
        dry_run, confirm, "establishments", _file(header, ["type", "siege"], shape, *lines)
    )

    assert (result["new"], result["update"], result["skip"]) == (1, 1, 1)
    assert result["changed"][0]["changes"] == ["commune"]
    rows = Establishment.objects.filter(adherent=a).values_list("siret", "kind", "is_head_office")
    assert sorted(rows) == sorted(
        [
            (head.siret, Establishment.Kind.WORKSITE, True),
            (site.siret, Establishment.Kind.ISOLATED, False),
            (fresh["siret"], Establishment.Kind.SITE, False),
        ]
    )
    head.refresh_from_db()
    assert head.city == "Cluny"


@pytest.mark.parametrize("shape", SHAPES)
def test_contacts_keep_their_phone(world, dry_run, confirm, shape):
    a = world.adherent
    lea, jean = (
        Contact.objects.create(adherent=a, role=role, first_name=first, last_name=last, **more)
        for role, first, last, more in [
            (ContactRole.HR, "Léa", "Roux", {"email": "lea@alpha.fr", "phone": "0385112233"}),
            (
                ContactRole.MANAGER,
                "Jean",
                "Alpha",
                {"email": "jean@alpha.fr", "phone": "0612345678"},
            ),
        ]
    )
    header = ["siren", "role", "prenom", "nom", "email", "telephone"]

    def line(contact, **cells) -> dict:
        known = {"siren": a.siren, "role": contact.role, "prenom": contact.first_name}
        return known | {"nom": contact.last_name, "email": contact.email} | cells

    fresh = line(lea, prenom="Paul", nom="Neuf", email="paul@alpha.fr")
    lines = [line(lea), line(jean, nom="Alpha-Durand"), fresh]

    result = _import(dry_run, confirm, "contacts", _file(header, ["telephone"], shape, *lines))

    assert (result["new"], result["update"], result["skip"]) == (1, 1, 1)
    assert result["changed"][0]["changes"] == ["nom"]
    phones = dict(Contact.objects.filter(adherent=a).values_list("email", "phone"))
    assert phones == {
        "lea@alpha.fr": "0385112233",
        "jean@alpha.fr": "0612345678",
        "paul@alpha.fr": "",
    }
