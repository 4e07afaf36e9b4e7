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


NBSP = "\u00a0"  # between thousands and before the euro sign, as Django's French locale


def euros(value, *, sign: bool = True) -> str:
    """The one way an amount reads on screen, in mails and PDFs: 2954 -> "2 954,00 €" (no-break
    space between thousands and before €, decimal comma); `sign=False` for a column headed "(€)".
    None or "" -> "—". Already French text ("1 234,56") is read back; anything else unchanged."""
    from decimal import Decimal, InvalidOperation

    if value is None or value == "":
        return "—"
    raw = str(value)
    try:
        amount = Decimal(raw)
    except (InvalidOperation, ValueError):
        try:  # already written the French way: "1 234,56"
            amount = Decimal("".join(raw.split()).replace("\u202f", "").replace(",", "."))
        except (InvalidOperation, ValueError):
            return raw
    if not amount.is_finite():
        return raw
    text = f"{amount:,.2f}".replace(",", NBSP).replace(".", ",")
    return f"{text}{NBSP}€" if sign else text


def date_fr(value, *, with_time: bool = False) -> str:
    """The one way a date reads in a sentence or a cell: 15/01/2026; an aware datetime in Paris
    time, with_time adds " à 14:30". ISO text ("2026-01-15", from JSON) is read back; anything
    else unchanged. Templates: `{{ d|date:"d/m/Y" }}` or `{{ iso|date_fr }}`."""
    import datetime

    from django.utils import timezone

    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        text = local.strftime("%d/%m/%Y")
        return f"{text} à {local:%H:%M}" if with_time else text
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    try:
        return datetime.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


iso_to_fr = date_fr
