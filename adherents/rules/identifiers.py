"""Checks of the official company identifiers (SIREN, SIRET), as defined by INSEE.

SIREN (9 digits) and SIRET (14 digits = SIREN + NIC) carry a Luhn key. The only exception is
La Poste (SIREN 356 000 000): its establishments' SIRET that fail Luhn are valid when their
digit sum is divisible by 5 (INSEE's documented exception, as implemented by the common open
validators; checked with `search` on 2026-11-23).
"""

import re

LA_POSTE_SIREN = "356000000"


def luhn_ok(digits: str) -> bool:
    """True when the Luhn checksum of these digits is valid."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize(value: str) -> str:
    """Drop the spaces and dots people type in identifiers."""
    return "".join(value.split()).replace(".", "")


def siren_error(value: str) -> str | None:
    """The French error for a wrong SIREN, or None when it is valid."""
    siren = normalize(value)
    if not re.fullmatch(r"[0-9]{9}", siren):  # isdigit() takes "²", int() does not
        return "Le SIREN doit comporter exactement 9 chiffres."
    if not luhn_ok(siren):
        return "Ce SIREN est invalide : sa clé de contrôle ne correspond pas."
    return None


def siret_error(value: str) -> str | None:
    """The French error for a wrong SIRET, or None when it is valid."""
    siret = normalize(value)
    if not re.fullmatch(r"[0-9]{14}", siret):
        return "Le SIRET doit comporter exactement 14 chiffres."
    valid = luhn_ok(siret) or (
        siret.startswith(LA_POSTE_SIREN) and sum(int(c) for c in siret) % 5 == 0
    )
    if not valid:
        return "Ce SIRET est invalide : sa clé de contrôle ne correspond pas."
    return None


def luhn_complete(prefix: str) -> str:
    """Append the digit that makes `prefix` + digit pass Luhn (to generate demo identifiers)."""
    for digit in "0123456789":
        if luhn_ok(prefix + digit):
            return prefix + digit
    raise AssertionError("unreachable: one digit always completes a Luhn number")


# NAF rév. 2 (décret n° 2007-1888 du 26 décembre 2007): a code is 2 digits (the division), a
# dot, 2 digits and a letter, as INSEE prints it on the avis de situation ("43.21A").
# adherents/data/naf_codes.py ships labels for part of the nomenclature only, so a well-formed
# code of an existing division is accepted (a real company must never be refused for our list's
# gaps); the member service sees its label when we know it. Shipping the whole nomenclature
# (732 codes, INSEE) is left to do.
_NAF = re.compile(r"(\d{2})\.?(\d{2})([A-Z])")
NAF_DIVISIONS = frozenset(
    [*range(1, 4), *range(5, 10), *range(10, 34), *range(35, 40), *range(41, 44)]
    + [*range(45, 48), *range(49, 54), 55, 56, *range(58, 67), *range(68, 76)]
    + [*range(77, 83), 84, 85, 86, 87, 88, *range(90, 94), 94, 95, 96, 97, 98, 99]
)


def normalize_naf(value: str) -> str:
    """'4321a', '43 21A', '43.21A' -> '43.21A'; other text is kept, upper-cased."""
    compact = "".join(value.split()).upper()
    match = _NAF.fullmatch(compact)
    return f"{match[1]}.{match[2]}{match[3]}" if match else compact


def naf_error(value: str) -> str | None:
    """The French error for a malformed NAF code or one of no NAF rév. 2 division, or None."""
    code = normalize_naf(value)
    if not re.fullmatch(r"\d{2}\.\d{2}[A-Z]", code) or int(code[:2]) not in NAF_DIVISIONS:
        return (
            "Code NAF invalide : il s'écrit 2 chiffres, un point, 2 chiffres et une lettre "
            "(43.21A), comme sur votre avis de situation INSEE."
        )
    return None
