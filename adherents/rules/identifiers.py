"""Checks of the official company identifiers (SIREN, SIRET), as defined by INSEE.

SIREN (9 digits) and SIRET (14 digits = SIREN + NIC) carry a Luhn key. The only exception is
La Poste (SIREN 356 000 000): its establishments' SIRET that fail Luhn are valid when their
digit sum is divisible by 5 (INSEE's documented exception, as implemented by the common open
validators; checked with `search` on 2026-11-23).
"""

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
    if len(siren) != 9 or not siren.isdigit():
        return "Le SIREN doit comporter exactement 9 chiffres."
    if not luhn_ok(siren):
        return "Ce SIREN est invalide : sa clé de contrôle ne correspond pas."
    return None


def siret_error(value: str) -> str | None:
    """The French error for a wrong SIRET, or None when it is valid."""
    siret = normalize(value)
    if len(siret) != 14 or not siret.isdigit():
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
