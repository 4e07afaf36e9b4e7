"""Reading a bank statement CSV and finding the invoice each credit pays. Pure, no Django.

The file: a header `date;libellé;montant`, then one line per movement. Dates as 31/01/2026
(or 2026-01-31), amounts with a decimal comma or point ("1 234,56", "-12.50", "80,00 €"),
encoded in UTF-8 (with or without BOM) or Windows-1252 (what a French bank's export usually
is). Any malformed line refuses the whole file, naming the line.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

EXPECTED_HEADER = ("date", "libelle", "montant")
MAX_AMOUNT = Decimal("999999999.99")
# F-2026-000001, also as banks mangle it: "F2026000001", "F 2026 000001", "f-2026-000001".
INVOICE_NUMBER = re.compile(r"(?<![A-Za-z0-9])F[-\s]?(\d{4})[-\s]?(\d{6})(?!\d)", re.IGNORECASE)


class StatementError(ValueError):
    """A file the import refuses; the message is French and names the line."""


@dataclass(frozen=True)
class StatementLine:
    line_number: int  # in the file, the header being line 1
    date: datetime.date
    label: str
    amount: Decimal


def decode(content: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise StatementError(
                "Encodage du fichier non reconnu : enregistrez-le en UTF-8 ou Windows-1252."
            ) from error


def _plain(header: str) -> str:
    return header.strip().lower().replace("é", "e").replace("è", "e").replace("\ufeff", "").strip()


def parse_amount(text: str) -> Decimal:
    """ "1 234,56" / "1234.56" / "-80,00 €" -> Decimal; ValueError when not an amount."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", text)
    if "," in cleaned:
        if cleaned.count(",") > 1:
            raise ValueError(text)
        cleaned = cleaned.replace(".", "").replace(",", ".")  # 1.234,56 -> 1234.56
    if not re.fullmatch(r"[+-]?\d+(\.\d{1,2})?", cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(text) from error


def parse_date(text: str) -> datetime.date:
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(text)


def parse(content: bytes) -> list[StatementLine]:
    """Every movement of the file, or StatementError on the first malformed line."""
    text = decode(content)
    if "\x00" in text:  # a binary file (or UTF-16): PostgreSQL text cannot hold it either
        raise StatementError(
            "Fichier illisible : ce n'est pas un relevé CSV (date;libellé;montant)."
        )
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    except csv.Error as error:
        raise StatementError(
            "Fichier illisible : ce n'est pas un relevé CSV (date;libellé;montant)."
        ) from error
    if not rows or tuple(_plain(h) for h in rows[0][:3]) != EXPECTED_HEADER:
        raise StatementError(
            "Ligne 1 : en-tête attendu « date;libellé;montant » (séparateur point-virgule)."
        )
    lines = []
    for index, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank line, often at the end of an export
        if len(row) != 3:
            raise StatementError(
                f"Ligne {index} : 3 colonnes attendues (date;libellé;montant), "
                f"{len(row)} trouvée{'s' if len(row) >= 2 else ''}."
            )
        raw_date, label, raw_amount = row
        try:
            day = parse_date(raw_date)
        except ValueError:
            raise StatementError(
                f"Ligne {index} : date « {raw_date.strip()} » illisible (attendu JJ/MM/AAAA)."
            ) from None
        try:
            amount = parse_amount(raw_amount)
        except ValueError:
            raise StatementError(
                f"Ligne {index} : montant « {raw_amount.strip()} » illisible (exemple : 1234,56)."
            ) from None
        if amount == 0 or abs(amount) > MAX_AMOUNT:
            raise StatementError(f"Ligne {index} : montant {raw_amount.strip()} hors limites.")
        lines.append(StatementLine(index, day, label.strip(), amount))
    if not lines:
        raise StatementError("Le relevé ne contient aucune ligne de mouvement.")
    return lines


def invoice_numbers_in(label: str) -> list[str]:
    """Invoice numbers found in a label, normalised ("F-2026-000001"), without repeats."""
    found = []
    for year, number in INVOICE_NUMBER.findall(label):
        normalised = f"F-{year}-{number}"
        if normalised not in found:
            found.append(normalised)
    return found
