"""Pure rules of imports and exports, with concrete values."""

import datetime

import pytest

from adherents.rules import identifiers
from adherents.rules import imports as rules


def test_headers_are_normalized():
    assert rules.normalize_header(" Raison sociale ") == "raison_sociale"
    assert rules.normalize_header("Date d'adhésion") == "date_d_adhesion"
    assert rules.normalize_header("Prénom") == "prenom"
    assert rules.normalize_header(None) == ""


def test_decoding_utf8_bom_then_windows_1252():
    assert rules.decode_csv("\ufeffnom;ville\r\nLéa;Mâcon".encode()) == "nom;ville\r\nLéa;Mâcon"
    assert rules.decode_csv("Léa;Mâcon".encode("cp1252")) == "Léa;Mâcon"
    with pytest.raises(rules.ImportFileError, match="Encodage"):
        rules.decode_csv(b"\x81\x8d")
    with pytest.raises(rules.ImportFileError, match="pas un fichier CSV"):
        rules.decode_csv(b"a\x00b")


def test_the_separator_is_the_headers_most_frequent():
    assert rules.detect_delimiter("a;b;c\n1,5;2;3") == ";"
    assert rules.detect_delimiter("a,b,c\n1;2;3") == ","


def test_cells_from_spreadsheets():
    assert rules.cell_text(1000, width=5) == "01000"
    assert rules.cell_text(552100554.0, width=9) == "552100554"
    assert rules.cell_text(datetime.datetime(2026, 2, 1, 0, 0)) == "2026-02-01"  # noqa: DTZ001
    assert rules.cell_text("  Mâcon ") == "Mâcon"
    assert rules.cell_text(None) == ""


def test_naf_codes():
    assert identifiers.normalize_naf("4321a") == "43.21A"
    assert identifiers.normalize_naf("43 21A") == "43.21A"
    assert identifiers.naf_error("43.21A") is None
    assert identifiers.naf_error("4321") is not None


def test_dates_are_day_first():
    assert rules.parse_date("07/03/2026") == datetime.date(2026, 3, 7)
    assert rules.parse_date("2026-03-07") == datetime.date(2026, 3, 7)
    assert rules.parse_date("") is None
    with pytest.raises(ValueError, match="JJ/MM/AAAA"):
        rules.parse_date("03/31/2026")


def test_yes_no_and_choices():
    assert rules.parse_yes_no("Oui") is True
    assert rules.parse_yes_no("") is False
    with pytest.raises(ValueError, match="oui ou non"):
        rules.parse_yes_no("peut-être")
    choices = [("manager", "Dirigeant"), ("hr", "Ressources humaines")]
    assert rules.match_choice("ressources HUMAINES", choices) == "hr"
    assert rules.match_choice("manager", choices) == "manager"


def test_duplicate_keys_point_to_the_first_line():
    keys = [("a",), None, ("a",), ("b",), ("a",)]
    assert rules.duplicate_keys(keys, [2, 3, 4, 5, 6]) == {4: 2, 6: 2}


def test_percent():
    assert rules.percent(3, 10) == 30
    assert rules.percent(0, 0) == 100
