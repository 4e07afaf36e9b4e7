"""Reading an uploaded CSV or XLSX into a table of text cells, with each row's line number.

CSV: UTF-8 (BOM or not) or Windows-1252, ';' or ',' (read with the csv module, so that line
numbers stay true across blank lines and multi-line cells). XLSX: django-import-export's
format (openpyxl, first sheet, values of formulas). Every refusal is an ImportFileError with
a French message; nothing is written while reading.
"""

from __future__ import annotations

import csv
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from import_export.formats.base_formats import XLSX

from adherents.rules import imports as rules
from adherents.rules.imports import ImportFileError

logger = logging.getLogger(__name__)

XLSX_MAGIC = b"PK\x03\x04"
# Spreadsheets store these identifiers as numbers and drop their leading zeros.
WIDTHS = {"siren": 9, "siret": 14, "code_postal": 5, "telephone": 10}
# ... and write them so in the CSV they save: a 4-digit postal code (01000 -> 1000) or a
# 9-digit phone number can only have lost its leading 0. (Identifiers are left as typed:
# their control key would not catch a wrong guess.)
LOST_ZERO = ("code_postal", "telephone")


def _cell(value, header: str) -> str:
    text = rules.cell_text(value, width=WIDTHS.get(header))
    if (
        header in LOST_ZERO
        and text.isascii()
        and text.isdigit()
        and len(text) == WIDTHS[header] - 1
    ):
        return "0" + text
    return text


# A text repeated down its column (the SIRET, the post, the contract, the dates...) is held once
# instead of once per line; a column's first SHARED_CAP distinct texts are remembered, so that a
# column of distinct texts (names, NIR) costs no more than this (issue 19, item 6).
SHARED_CAP = 4096


def _shared(seen: dict[str, str], text: str) -> str:
    found = seen.get(text)
    if found is not None:
        return found
    if len(seen) < SHARED_CAP:
        seen[text] = text
    return text


@dataclass
class Table:
    """The file's known columns, its non-blank rows as text, and each row's line in the file."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    line_errors: dict[int, str] = field(default_factory=dict)

    def dicts(self) -> Iterable[dict[str, str]]:
        """Each row as {column: text}, made again at each pass and never all at once: 100,000
        dicts would weigh about 40 MB (issue 19, item 6)."""
        return _Dicts(self)


class _Dicts:
    """The rows of a table as dicts, one at a time, for as many passes as the reader needs."""

    def __init__(self, table: Table):
        self.table = table

    def __len__(self) -> int:
        return len(self.table.rows)

    def __iter__(self) -> Iterator[dict[str, str]]:
        headers = self.table.headers
        return (dict(zip(headers, row, strict=True)) for row in self.table.rows)


# A line and its end as io.StringIO(newline="") reads them: "\r\n", "\r" or "\n".
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _text_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` one at a time, ends kept, as io.StringIO(text, newline="")
    yields them, but without its copy of the whole text (4 bytes a character)."""
    return (match.group() for match in LINE.finditer(text))


def _csv_records(content: bytes) -> Iterator[tuple[int, list]]:
    """The records one at a time: a 100,000-line file is never held twice (issue 19)."""
    text = rules.decode_csv(content)
    reader = csv.reader(_text_lines(text), delimiter=rules.detect_delimiter(text))
    try:
        while True:
            start = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            yield (start, cells)
    except csv.Error as error:
        raise ImportFileError(
            f"Le fichier CSV est mal formé vers la ligne {reader.line_num} ({error})."
        ) from None


def _xlsx_records(content: bytes) -> list[tuple[int, list]]:
    try:
        dataset = XLSX().create_dataset(content)
    except StopIteration:
        return []
    except Exception as error:  # openpyxl raises many kinds on a damaged or foreign file
        logger.info("XLSX illisible: %r", error)
        raise ImportFileError(
            "Le fichier XLSX est illisible ou endommagé : ouvrez-le dans votre tableur et "
            "enregistrez-le à nouveau au format XLSX."
        ) from None
    return [(1, list(dataset.headers or []))] + [
        (number, list(row)) for number, row in enumerate(dataset, start=2)
    ]


def _records(filename: str, content: bytes) -> Iterable[tuple[int, list]]:
    extension = os.path.splitext(filename.lower())[1]
    if content.startswith(XLSX_MAGIC):
        return _xlsx_records(content)
    if extension == ".xlsx":
        raise ImportFileError("Ce fichier n'est pas un classeur XLSX valide.")
    if extension == ".xls":
        raise ImportFileError(
            "Le format XLS (Excel 97-2003) n'est pas pris en charge : enregistrez le fichier "
            "au format XLSX ou CSV."
        )
    if extension not in (".csv", ".txt"):
        raise ImportFileError("Format non pris en charge : déposez un fichier CSV ou XLSX.")
    return _csv_records(content)


def read_table(
    filename: str, content: bytes, *, required: tuple[str, ...], known: list[str]
) -> Table:
    """The table of an import file, or ImportFileError (empty, unreadable, columns missing)."""
    if not content:
        raise ImportFileError("Le fichier est vide.")
    records = iter(_records(filename, content))
    first = next(records, None)
    if first is None or rules.is_blank(rules.cell_text(c) for c in first[1]):
        raise ImportFileError("Le fichier est vide : la première ligne doit porter les colonnes.")
    headers = [rules.normalize_header(h) for h in first[1]]
    if duplicated := rules.duplicated_columns(headers):
        raise ImportFileError(f"Colonnes en double : {', '.join(duplicated)}.")
    if missing := rules.missing_columns(headers, required):
        raise ImportFileError(
            f"Colonnes obligatoires absentes : {', '.join(missing)}. Partez du modèle de "
            "fichier à télécharger sur la page des imports."
        )
    kept = [i for i, h in enumerate(headers) if h in known]
    table = Table(
        headers=[headers[i] for i in kept],
        ignored_columns=[h for h in headers if h and h not in known],
    )
    shared: list[dict[str, str]] = [{} for _ in kept]
    for line, cells in records:
        texts = [
            _shared(seen, _cell(cells[i], headers[i]) if i < len(cells) else "")
            for seen, i in zip(shared, kept, strict=True)
        ]
        if rules.is_blank(texts) or rules.is_example(cells):
            continue
        extra = [rules.cell_text(c) for c in cells[len(headers) :]]
        if not rules.is_blank(extra):
            table.line_errors[line] = (
                "la ligne compte plus de cellules que l'en-tête (séparateur dans une valeur ?)."
            )
        table.rows.append(texts)
        table.lines.append(line)
    if not table.rows:
        raise ImportFileError("Le fichier ne contient aucune ligne de données sous l'en-tête.")
    return table
