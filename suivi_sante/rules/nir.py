"""NIR (numéro d'inscription au répertoire): format and control key."""

import re

_NIR = re.compile(r"\d{5}(?:\d{2}|2A|2B)\d{8}")
# The Corsican departments are written 2A and 2B; the key is computed as if they read 19 and 18.
_CORSICA = {"2A": "19", "2B": "18"}


def nir_key(number: str) -> int:
    """Control key of the 13-character number: 97 - (number mod 97), Corsica mapped first."""
    department = number[5:7]
    digits = number[:5] + _CORSICA.get(department, department) + number[7:]
    return 97 - int(digits) % 97


def nir_error(nir: str) -> str | None:
    """Why this NIR is invalid, in French, or None when it is valid (spaces are allowed).

    Thirteen characters (sex, year, month, department — 2A or 2B for Corsica —, commune,
    order) then a two-digit key.
    """
    compact = nir.replace(" ", "")
    if not compact:
        return "Le NIR est vide."
    if not re.fullmatch(r"[0-9AB]+", compact):
        return "Le NIR ne doit contenir que des chiffres, des espaces, et 2A ou 2B pour la Corse."
    if len(compact) != 15:
        return (
            "Le NIR doit compter 15 caractères (13 puis une clé de 2 chiffres), "
            f"pas {len(compact)}."
        )
    if not _NIR.fullmatch(compact):
        return "Le NIR est mal formé : seul le département peut s'écrire 2A ou 2B (Corse)."
    expected = nir_key(compact[:13])
    if int(compact[13:]) != expected:
        return f"La clé du NIR ne correspond pas : {expected:02d} attendu, {compact[13:]} saisi."
    return None


def nir_is_valid(nir: str) -> bool:
    """Whether this NIR has the right format and control key."""
    return nir_error(nir) is None
