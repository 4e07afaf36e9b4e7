"""Pure rules of the membership application (rules/joining.py), with concrete identifiers."""

from types import SimpleNamespace

import pytest

from adherents.rules import identifiers
from adherents.rules import joining as rules
from tests.adherents.factories_joining import (
    complete_fields,
    contact,
    establishment,
    siret_of,
    with_wrong_key,
)

SIREN = "732829320"  # a valid SIREN (Luhn)


@pytest.mark.parametrize(
    ("value", "normalized"),
    [("43.21A", "43.21A"), ("4321a", "43.21A"), ("43 21 A", "43.21A"), ("x", "X")],
)
def test_normalize_naf(value, normalized):
    assert identifiers.normalize_naf(value) == normalized


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("4321a", True),
        ("96.09Z", True),  # a real code whose label our partial list may not carry
        ("04.10Z", False),  # no division 04 in NAF rév. 2
        ("43.21", False),
        ("abc", False),
    ],
)
def test_a_well_formed_naf_code_of_a_real_division_is_accepted(code, valid):
    assert (identifiers.naf_error(code) is None) is valid


def test_establishment_error_checks_key_siren_duplicates_and_head_office():
    def error(siret, *, kind="site", others=(), head=False, siren=SIREN):
        return rules.establishment_error(
            siret=siret, siren=siren, kind=kind, other_sirets=others, has_head_office=head
        )

    good = siret_of(SIREN, 1)
    assert error(good) is None
    assert error(with_wrong_key(good)) == (
        "Ce SIRET est invalide : sa clé de contrôle ne correspond pas."
    )
    other_company = siret_of("552100554", 1)
    assert "ne commence pas par le SIREN de l'entreprise (732829320)" in error(other_company)
    assert error(good, others=[good]) == f"Le SIRET {good} figure déjà parmi vos établissements."
    assert error(good, kind="head_office", head=True) == (
        "Un siège social est déjà déclaré : une entreprise n'en a qu'un."
    )
    assert "Renseignez d'abord le SIREN" in error(good, siren="")


def test_exactly_one_head_office():
    two_sites = [establishment(SIREN, nic=1, kind="site"), establishment(SIREN, nic=2, kind="site")]
    assert rules.establishments_problems(two_sites, SIREN) == [
        "Déclarez exactement un siège social parmi vos établissements (0 déclaré)."
    ]
    two_heads = [establishment(SIREN, nic=1), establishment(SIREN, nic=2)]
    assert rules.establishments_problems(two_heads, SIREN) == [
        "Déclarez exactement un siège social parmi vos établissements (2 déclarés)."
    ]
    assert rules.establishments_problems([], SIREN) == [
        "Aucun établissement déclaré (étape « Établissements »)."
    ]


def test_required_contacts_name_article_l4644_1():
    assert len(rules.missing_contacts([])) == 3
    assert "L4644-1" in rules.missing_contacts([])[0]
    named = [contact("hr", "A", "a@x.fr"), contact("billing", "B", "b@x.fr")]
    assert rules.missing_contacts(named) == [rules.REQUIRED_CONTACTS[0][1]]
    named.append(contact("sst_referent", "C", "c@x.fr"))
    assert rules.missing_contacts(named) == []


def test_a_complete_file_has_no_problem_and_an_empty_one_lists_everything():
    complete = SimpleNamespace(
        **{
            **complete_fields(SIREN),
            "has_accounting_firm": False,
            "firm_name": "",
            "firm_email": "",
        }
    )
    assert rules.application_problems(complete) == []

    empty = SimpleNamespace(
        company_name="",
        siren="",
        naf_code="",
        legal_form="",
        establishments=[],
        contacts=[],
        activity_description="",
        opening_hours="",
        headcount_si=None,
        headcount_sia=None,
        headcount_sir=None,
        steps_done=[],
        has_accounting_firm=False,
        firm_name="",
        firm_email="",
    )
    problems = rules.application_problems(empty)
    assert "Raison sociale manquante (étape « Entreprise »)." in problems
    assert "SIREN manquant (étape « Entreprise »)." in problems
    assert any("référent santé-sécurité" in p for p in problems)
    assert any("SI, SIA, SIR" in p for p in problems)
    assert len(problems) == 12


def test_an_announced_firm_needs_its_name_and_email():
    fields = complete_fields(SIREN)
    firm = SimpleNamespace(
        **{**fields, "has_accounting_firm": True, "firm_name": "Cabinet", "firm_email": ""}
    )
    assert rules.application_problems(firm) == ["Nom et e-mail du cabinet comptable manquants."]


def test_next_step():
    assert rules.next_step("company") == "establishments"
    assert rules.next_step("preferences") == "review"
    assert rules.next_step("review") == "review"
