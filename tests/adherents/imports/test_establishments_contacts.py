"""Establishment and contact imports: keys, member by SIREN, head office, French errors."""

from adherents.models import Contact, ContactRole, Establishment, ImportStatus
from tests.adherents.factories import EstablishmentFactory
from tests.adherents.factories_imports import csv_file, siret_of

ESTABLISHMENT_HEADER = ["siret", "siren", "nom", "type", "adresse", "code_postal", "commune"]
ESTABLISHMENT_HEADER += ["siege"]
CONTACT_HEADER = ["siren", "role", "prenom", "nom", "email", "telephone"]


def test_establishments_dry_run_then_import(world, dry_run, confirm):
    a, e = world.adherent, world.establishment
    other_centre = EstablishmentFactory(adherent__team=world.other_team)
    new_siret = siret_of(a.siren, 42)
    rows = [
        ESTABLISHMENT_HEADER,
        [new_siret, a.siren, "Atelier", "", "3 rue Neuve", "71000", "Mâcon", "non"],
        [e.siret, a.siren, e.name, "", e.address, e.postal_code, "Cluny", ""],
    ]
    bad = [
        [siret_of(world.other_adherent.siren, 3), a.siren, "X", "", "r", "71000", "M", "non"],
        [siret_of(a.siren, 43), a.siren, "Second siège", "", "r", "71000", "M", "oui"],
        [siret_of(other_centre.adherent.siren, 5), other_centre.adherent.siren, "Y", "", "r"]
        + ["71000", "M", "non"],
        [other_centre.siret, a.siren, "Z", "", "r", "71000", "M", "peut-être"],
    ]

    job = dry_run("establishments", "e.csv", csv_file(rows + bad))

    assert (job.result["new"], job.result["update"], job.result["rejected"]) == (1, 1, 4)
    assert job.result["changed"][0]["changes"] == ["commune"]
    errors = {(x["line"], x["column"]): x["message"] for x in job.result["errors"]}
    assert errors[(4, "SIRET")] == f"Le SIRET ne commence pas par le SIREN {a.siren}."
    assert errors[(5, "siège social")] == f"L'adhérent a déjà un siège social (SIRET {e.siret})."
    assert errors[(6, "SIREN")] == (
        f"Aucun adhérent suivi par votre centre n'a le SIREN {other_centre.adherent.siren}."
    )
    assert errors[(7, "siège social")] == "« peut-être » n'est pas compris : écrivez oui ou non."
    assert (
        errors[(7, "SIRET")] == "Ce SIRET est déjà enregistré pour un adhérent d'un autre centre."
    )

    job = dry_run("establishments", "e.csv", csv_file(rows))
    assert job.status == ImportStatus.CHECKED
    real = confirm(job)

    assert real.status == ImportStatus.DONE
    assert Establishment.objects.get(siret=new_siret).kind == Establishment.Kind.SITE
    e.refresh_from_db()
    assert e.city == "Cluny"
    other_centre.refresh_from_db()
    assert other_centre.name != "Z"


def test_two_head_offices_for_one_member_in_the_file(world, dry_run):
    a = world.adherent
    rows = [
        [siret_of(a.siren, n), a.siren, f"Site {n}", "", "r", "71000", "M", "oui"] for n in (8, 9)
    ]
    job = dry_run("establishments", "e.csv", csv_file([ESTABLISHMENT_HEADER, *rows]))
    assert any(
        x["line"] == 3 and "un seul siège par SIREN" in x["message"] for x in job.result["errors"]
    )


def test_contacts_are_keyed_by_email_and_siren(world, dry_run, confirm):
    a = world.adherent
    known = Contact.objects.create(
        adherent=a, role=ContactRole.HR, first_name="Léa", last_name="Roux", email="lea@alpha.fr"
    )
    rows = [
        CONTACT_HEADER,
        [a.siren, "Dirigeant", "Jean", "Alpha", "jean@alpha.fr", "612345678"],
        [a.siren, "hr", "Léa", "Roux-Martin", "LEA@alpha.fr", ""],
    ]
    bad = [[a.siren, "Comptable", "X", "Y", "pas-un-email", ""]]

    job = dry_run("contacts", "c.csv", csv_file(rows + bad))

    assert (job.result["new"], job.result["update"], job.result["rejected"]) == (1, 1, 1)
    assert job.result["changed"][0]["changes"] == ["nom", "e-mail"]
    errors = {(x["line"], x["column"]) for x in job.result["errors"]}
    assert errors == {(4, "rôle"), (4, "e-mail")}

    real = confirm(dry_run("contacts", "c.csv", csv_file(rows)))

    assert real.status == ImportStatus.DONE
    created = Contact.objects.get(email="jean@alpha.fr")
    assert (created.role, created.phone, created.adherent_id) == (
        ContactRole.MANAGER,
        "0612345678",
        a.pk,
    )
    known.refresh_from_db()
    assert known.last_name == "Roux-Martin"
    assert Contact.objects.filter(adherent=a).count() == 2


def test_a_postal_code_with_a_superscript_digit_is_refused(world, dry_run):
    """ "7100²" passes str.isdigit() but is not a postal code: refused, in French."""
    a = world.adherent
    rows = [
        ESTABLISHMENT_HEADER,
        [siret_of(a.siren, 44), a.siren, "Annexe", "", "r", "7100²", "M", "non"],
        [siret_of(a.siren, 45), a.siren, "Dépôt", "", "r", "71000", "M", "non"],
    ]

    job = dry_run("establishments", "e.csv", csv_file(rows))

    assert (job.result["new"], job.result["rejected"]) == (1, 1)
    errors = {(x["line"], x["column"]): x["message"] for x in job.result["errors"]}
    assert errors[(2, "code postal")] == "Le code postal doit comporter 5 chiffres."
