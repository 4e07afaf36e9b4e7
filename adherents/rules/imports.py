"""Pure rules of file imports and exports: headers, encodings, cells, NAF codes, CSV safety.

No Django import. The file formats accepted are CSV (UTF-8, with or without BOM, or
Windows-1252 as Excel FR saves "CSV (séparateur : point-virgule)") and XLSX.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence


class ImportFileError(ValueError):
    """A file that cannot be read as a table: the message is shown as is, in French."""


def normalize_header(text: object) -> str:
    """'Raison sociale ' -> 'raison_sociale', 'Code NAF' -> 'code_naf', 'Prénom' -> 'prenom'."""
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")


def decode_csv(content: bytes) -> str:
    """The text of a CSV file: UTF-8 first (a BOM is dropped), then Windows-1252."""
    if b"\x00" in content[:4096]:
        raise ImportFileError(
            "Ce fichier n'est pas un fichier CSV (texte) : enregistrez-le au format CSV ou XLSX."
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            "Encodage du fichier non reconnu : enregistrez-le en « CSV UTF-8 » ou en "
            "« CSV (séparateur : point-virgule) » depuis votre tableur."
        ) from None


def detect_delimiter(text: str) -> str:
    """';' (Excel FR) or ',' — whichever the header line holds more of."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") >= header.count(",") else ","


def cell_text(value: object, *, width: int | None = None) -> str:
    """A cell as trimmed text. Spreadsheets turn identifiers into numbers: 1000 (postal code)
    becomes '01000' when the column has a fixed ``width``; dates become 'AAAA-MM-JJ'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        return text.zfill(width) if width and len(text) < width else text
    return str(value).strip()


def is_blank(cells: Iterable[str]) -> bool:
    return all(not cell for cell in cells)


def missing_columns(headers: Sequence[str], required: Iterable[str]) -> list[str]:
    return [column for column in required if column not in headers]


def duplicated_columns(headers: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({h for h in headers if h and (h in seen or seen.add(h))})


def duplicate_keys(keys: Iterable[tuple | None], lines: Sequence[int]) -> dict[int, int]:
    """{line: first line with the same key} for every repeated key (None keys are ignored)."""
    first: dict[tuple, int] = {}
    repeated: dict[int, int] = {}
    for key, line in zip(keys, lines, strict=True):
        if key is None:
            continue
        if key in first:
            repeated[line] = first[key]
        else:
            first[key] = line
    return repeated


TRUE_WORDS = frozenset({"oui", "o", "x", "1", "vrai", "true", "yes", "y"})
FALSE_WORDS = frozenset({"non", "n", "0", "faux", "false", "no", ""})


def parse_yes_no(value: str) -> bool:
    """'oui'/'non' (and 1/0, x, vrai/faux); anything else is an error in French."""
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"« {value} » n'est pas compris : écrivez oui ou non.")


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(value: str) -> datetime.date | None:
    """'31/12/2025' or '2025-12-31' (never the US month-first order); '' is None."""
    text = value.strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a day, no time
        except ValueError:
            continue
    raise ValueError(f"« {value} » n'est pas une date : écrivez JJ/MM/AAAA (31/12/2025).")


def match_choice(value: str, choices: Iterable[tuple[str, str]]) -> str:
    """The code of a choice given by its code or its French label, whatever the case/accents."""
    wanted = normalize_header(value)
    for code, label in choices:
        if wanted in (normalize_header(code), normalize_header(label)):
            return code
    labels = ", ".join(label for _, label in choices)
    raise ValueError(f"« {value} » n'est pas une valeur possible ({labels}).")


def percent(done: int, total: int) -> int:
    return 100 if total <= 0 else min(100, done * 100 // total)


# The first cell of the model file's example line starts with this mark: the import skips it.
EXAMPLE_MARK = "(exemple)"


def is_example(cells) -> bool:
    """The model file's example line, left in the file: skipped, never imported."""
    return bool(cells) and cell_text(cells[0]).lower().startswith(EXAMPLE_MARK)
