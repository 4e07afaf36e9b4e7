"""Builders of the imports tests: valid identifiers, CSV and XLSX files, a staff context."""

from __future__ import annotations

import datetime
import io
import itertools

import openpyxl

from accounts.context import build_context
from adherents.models import Invoice, InvoiceKind
from adherents.rules.identifiers import luhn_complete
from suivi_sante.rules.nir import nir_key
from tests import documents

_numbers = itertools.count(1)
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def new_siren() -> str:
    return luhn_complete(f"{70000000 + next(_numbers):08d}")


def siret_of(siren: str, nic: int = 1) -> str:
    return luhn_complete(f"{siren}{nic:04d}")


def nir(sex: str = "2", birth: datetime.date = datetime.date(1985, 6, 1), order: int = 1) -> str:
    number = f"{sex}{birth.year % 100:02d}{birth.month:02d}75123{order:03d}"
    return f"{number}{nir_key(number):02d}"


def ctx_of(user):
    """The access context a user gets after login (staff: MFA passed)."""
    return build_context(user, {}, mfa_passed=True)


def csv_file(rows: list[list], *, sep: str = ";", encoding: str = "utf-8") -> bytes:
    lines = [sep.join("" if cell is None else str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_file(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ADHERENT_HEADER = ["raison_sociale", "siren", "code_naf", "forme_juridique", "equipe"]
ADHERENT_HEADER += ["date_adhesion"]


def invoice(adherent, number: str, *, pdf: bytes = TINY_PDF, total: str = "120.00") -> Invoice:
    return Invoice.objects.create(
        kind=InvoiceKind.INVOICE,
        number=number,
        adherent=adherent,
        year=2026,
        issued_on=datetime.date(2026, 1, 15),
        due_on=datetime.date(2026, 2, 14),
        total=total,
        **documents.fields(pdf, "pdf", "pdf_sha256"),
    )
