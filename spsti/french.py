"""French wording helpers shared by Python messages and templates (spsti/templatetags/french.py).

- `with_de("Elec Dupont")` -> "d'Elec Dupont" (elision before a vowel or a mute h);
- `plural(3, "convocation envoyée")` -> "3 convocations envoyées" (French plural from 2 on);
- `feminine(label)`: whether a document's label names a feminine noun (une attestation).
"""

from __future__ import annotations

import unicodedata

# Words whose h is aspirated (no elision): "de Hauteville", "de Hollande". Most start with "ha".
ASPIRATED_H = (
    "ha",
    "hâ",
    "héro",
    "hêtre",
    "hérisson",
    "hibou",
    "hiérarch",
    "hockey",
    "hollan",
    "homard",
    "hongr",
    "honte",
    "hors",
    "hotte",
    "houill",
    "housse",
    "huit",
    "hutte",
)
FEMININE_HEADS = ("attestation", "proposition", "fiche", "convocation", "facture", "visite")


def _base(letter: str) -> str:
    return unicodedata.normalize("NFKD", letter)[:1].lower()


def elides(word: str) -> bool:
    """True when "de" before this word becomes "d'": a vowel, a mute h, a y before a consonant."""
    word = word.strip()
    if not word:
        return False
    first = _base(word[0])
    if first in "aeiou":
        return True
    if first == "h":
        return not word.lower().startswith(ASPIRATED_H)
    if first == "y":
        return len(word) > 1 and _base(word[1]) not in "aeiou"
    return False


def with_de(value) -> str:
    """ "de X" or "d'X"."""
    text = str(value)
    return f"d'{text}" if elides(text) else f"de {text}"


def is_plural(count) -> bool:
    """French: 0 and 1 take the singular ("0 réponse", "1,5 jour"), 2 and more the plural."""
    return abs(count) >= 2


def plural(count: int, words: str) -> str:
    """ "3 convocations envoyées": every word of `words` takes an s when the count is plural
    (words ending in s, x or z are left alone)."""
    if not is_plural(count):
        return f"{count} {words}"
    out = [w if w[-1:] in "sxz" or not w[-1:].isalpha() else w + "s" for w in words.split(" ")]
    return f"{count} {' '.join(out)}"


def feminine(label: str) -> bool:
    """Whether a label starts with a feminine noun the service writes ("Attestation de …")."""
    return label.strip().lower().startswith(FEMININE_HEADS)


# Said when an edit form comes back exactly as it was shown: nothing is written (issue 17).
NOTHING_CHANGED = "Aucune modification : rien n'a été enregistré."


def euros(value) -> str:
    """1234.5 -> "1 234,50 €" (French grouping with a no-break space, decimal comma)."""
    from decimal import Decimal, InvalidOperation

    raw = str(value)
    try:
        amount = Decimal(raw)
    except (InvalidOperation, ValueError):
        try:  # already written the French way: "1 234,56"
            amount = Decimal("".join(raw.split()).replace("\u202f", "").replace(",", "."))
        except (InvalidOperation, ValueError):
            return raw
    text = f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}\u00a0€"


def iso_to_fr(value) -> str:
    """ "2026-01-15" (or a date) -> "15/01/2026"; anything else unchanged."""
    import datetime

    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    try:
        return datetime.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)
