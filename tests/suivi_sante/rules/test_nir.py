import pytest

from suivi_sante.rules.nir import nir_error, nir_is_valid

# Keys computed by hand (97 - number mod 97), not by the code under test:
# 1841276451089 = 97 × 18982231454 + 51 → key 46
# 2550575123004 mod 97 = 92 → key 05 (a key with a leading zero)
# 2 85 02 2A 012 345: computed as 2850219012345, mod 97 = 19 → key 78
# 1 92 02 2B 123 456: computed as 1920218123456, mod 97 = 40 → key 57


@pytest.mark.parametrize(
    "nir",
    [
        "1 84 12 76 451 089 46",
        "184127645108946",
        "2 55 05 75 123 004 05",
        "2 85 02 2A 012 345 78",
        "1 92 02 2B 123 456 57",
        "  184127645108946 ",
    ],
)
def test_valid_nirs(nir):
    assert nir_is_valid(nir)
    assert nir_error(nir) is None


@pytest.mark.parametrize(
    ("nir", "fragment"),
    [
        ("1 84 12 76 451 089 47", "46 attendu, 47 saisi"),  # wrong key
        ("2 55 05 75 123 004 5", "15 caractères"),  # key without its leading zero
        ("2 85 02 2A 012 345 79", "78 attendu"),
        ("2 85 02 2B 012 345 78", "clé du NIR"),  # 2B maps to 18, not 19
        ("2 85 02 20 012 345 78", "clé du NIR"),  # 2A is computed as 19, not 20
        ("1 84 12 76 451 089", "15 caractères"),  # key missing
        ("1 84 12 76 451 089 460", "15 caractères"),
        ("1-84-12-76-451-089-46", "chiffres"),
        ("1 84 12 76 451 089 4a", "chiffres"),
        ("1 84 12 76\t451 089 46", "chiffres"),
        ("2 85 02 2C 012 345 78", "chiffres"),
        ("2 A5 02 75 012 345 78", "mal formé"),  # a letter outside the department
        ("2 85 02 A2 012 345 78", "mal formé"),
        ("", "vide"),
        ("   ", "vide"),
    ],
)
def test_invalid_nirs_say_why_in_french(nir, fragment):
    assert not nir_is_valid(nir)
    assert fragment in nir_error(nir)
