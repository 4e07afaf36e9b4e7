"""No member text runs as a formula in a CSV or XLSX export (issue 10, item 7): one helper,
spsti/spreadsheet.py, and every module that writes a spreadsheet goes through it."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from adherents.imports.exports import member_archive
from adherents.models import Contact, ContactRole
from prevention.duerp import exports as exports_duerp
from spsti.spreadsheet import safe_cell, spreadsheet_safe
from tests.prevention.duerp.support import add_risk, open_workspace, publish, unit_of

ROOT = Path(__file__).resolve().parents[1]
APPS = (
    "accounts",
    "adherents",
    "prevention",
    "suivi_sante",
    "pdp",
    "tns",
    "certification",
    "spsti",
)
FORMULA = '=HYPERLINK("http://pirate.example/x","Cliquez")'
# What writes a CSV or a workbook: csv writers, openpyxl, tablib/import-export formats.
WRITES_A_SPREADSHEET = re.compile(r"csv\.(?:writer|DictWriter)\(|Workbook\(|\.export_data\(")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("@cmd", "'@cmd"),
        ("-2+3", "'-2+3"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("+33 6 12 34 56 78", "+33 6 12 34 56 78"),  # a phone number stays a phone number
        ("-12,50", "-12,50"),
        ("Mâcon", "Mâcon"),
        ("", ""),
    ],
)
def test_formula_starts_are_neutralised_but_numbers_and_phones_kept(text, expected):
    assert spreadsheet_safe(text) == expected


def test_cells_other_than_text_are_left_as_they_are():
    assert [safe_cell(v) for v in (None, 3, 2.5)] == [None, 3, 2.5]


@pytest.mark.django_db
def test_a_duerp_unit_named_as_a_formula_is_text_in_the_xlsx(world):
    duerp = open_workspace(world)
    add_risk(world, duerp, unit_of(world, FORMULA), description="@Sol glissant")
    version = publish(world, duerp, cse_consulted_on=None)
    workbook = load_workbook(io.BytesIO(exports_duerp.render_version_xlsx(version)))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert "f" not in {cell.data_type for cell in cells}  # no formula anywhere
    values = [cell.value for cell in cells]
    assert "'" + FORMULA in values
    assert "'@Sol glissant" in values


@pytest.mark.django_db
def test_member_text_in_every_csv_of_the_member_archive_is_neutralised(world):
    Contact.objects.create(
        adherent=world.adherent,
        role=ContactRole.BILLING,
        first_name="@SUM(1+1)",
        last_name=FORMULA,
        email="formule@alpha.fr",
        phone="+33 6 12 34 56 78",
    )
    world.establishment.name = "-1+cmd"
    world.establishment.save(update_fields=["name"])
    with zipfile.ZipFile(io.BytesIO(member_archive(world.adherent))) as archive:
        contacts = archive.read("contacts.csv").decode("utf-8-sig")
        establishments = archive.read("etablissements.csv").decode("utf-8-sig")
    assert ";'@SUM(1+1);" in contacts
    assert "'=HYPERLINK(" in contacts
    assert ";+33 6 12 34 56 78;" in contacts
    assert ";'-1+cmd;" in establishments


def test_every_module_writing_a_spreadsheet_uses_the_helper():
    writers = [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and WRITES_A_SPREADSHEET.search(path.read_text())
    ]
    assert writers  # the pattern still finds the exports
    for path in writers:
        assert "spsti.spreadsheet" in path.read_text(), f"{path} writes cells without it"
