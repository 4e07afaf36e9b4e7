"""SIREN/SIRET keys (INSEE): Luhn, with La Poste's exception."""

import pytest

from adherents.rules import identifiers


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("73282932000074", None),  # a valid SIRET (Luhn)
        ("732 829 320 00074", None),  # spaces typed by people are accepted
        ("73282932000075", "Ce SIRET est invalide : sa clé de contrôle ne correspond pas."),
        ("7328293200007", "Le SIRET doit comporter exactement 14 chiffres."),
        ("7328293200007A", "Le SIRET doit comporter exactement 14 chiffres."),
        ("35600000000048", None),  # La Poste's head office: plain Luhn
        ("35600000049918", None),  # a La Poste site: digit sum 45, divisible by 5, not Luhn
        ("35600000049919", "Ce SIRET est invalide : sa clé de contrôle ne correspond pas."),
    ],
)
def test_siret_error(value, error):
    assert identifiers.siret_error(value) == error


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("732829320", None),
        ("732829321", "Ce SIREN est invalide : sa clé de contrôle ne correspond pas."),
        ("73282932", "Le SIREN doit comporter exactement 9 chiffres."),
    ],
)
def test_siren_error(value, error):
    assert identifiers.siren_error(value) == error


def test_luhn_complete_builds_valid_numbers():
    for prefix in ("12345678", "00000001", "98765432"):
        assert identifiers.siren_error(identifiers.luhn_complete(prefix)) is None
