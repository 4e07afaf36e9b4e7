"""Balance, status and reminder levels of an invoice; reading a bank statement. Pure rules,
concrete dates and amounts."""

import datetime
from decimal import Decimal

import pytest

from adherents.rules import bank_statement as statement
from adherents.rules import invoice_payment as rules

DUE = datetime.date(2026, 2, 14)


@pytest.mark.parametrize(
    ("total", "credited", "paid", "today", "expected"),
    [
        ("500", "0", "0", datetime.date(2026, 2, 14), rules.TO_PAY),  # due today: not late yet
        ("500", "0", "0", datetime.date(2026, 2, 15), rules.OVERDUE),
        ("500", "0", "200", datetime.date(2026, 2, 1), rules.PARTIAL),
        ("500", "0", "200", datetime.date(2026, 3, 1), rules.OVERDUE),  # late beats partial
        ("500", "0", "500", datetime.date(2026, 3, 1), rules.PAID),
        ("500", "0", "600", datetime.date(2026, 3, 1), rules.PAID),  # overpaid: to refund
        ("500", "100", "400", datetime.date(2026, 3, 1), rules.PAID),
        ("500", "100", "0", datetime.date(2026, 2, 1), rules.TO_PAY),
        ("500", "500", "0", datetime.date(2026, 3, 1), rules.CANCELLED),
        ("500", "500", "500", datetime.date(2026, 3, 1), rules.PAID),  # paid then credited
        ("500", "0", "-0", datetime.date(2026, 2, 1), rules.TO_PAY),
        # Below one euro, each boundary on its side (found by `make mutate`):
        ("500", "0", "499.50", datetime.date(2026, 2, 1), rules.PARTIAL),  # 0.50 € still due
        ("500", "0", "0.50", datetime.date(2026, 2, 1), rules.PARTIAL),  # 0.50 € paid
        ("0.50", "0.50", "0", datetime.date(2026, 3, 1), rules.CANCELLED),  # credited in full
        ("500", "499.50", "0", datetime.date(2026, 2, 1), rules.TO_PAY),  # not all credited
        ("0", "0", "0", datetime.date(2026, 3, 1), rules.PAID),  # nothing to pay, no credit
    ],
)
def test_status(total, credited, paid, today, expected):
    got = rules.status(
        total=Decimal(total),
        credited=Decimal(credited),
        paid=Decimal(paid),
        due_on=DUE,
        today=today,
    )
    assert got == expected
    assert rules.STATUS_LABELS[got]


def test_balance():
    assert rules.balance(Decimal("500.00"), Decimal("100.00"), Decimal("150.50")) == Decimal(
        "249.50"
    )
    assert rules.balance(Decimal("500.00"), Decimal("0"), Decimal("600.00")) == Decimal("-100.00")


def sent(*pairs):
    return [rules.SentReminder(level, day) for level, day in pairs]


@pytest.mark.parametrize(
    ("today", "already", "expected"),
    [
        (datetime.date(2026, 2, 28), sent(), None),  # 14 days late
        (datetime.date(2026, 3, 1), sent(), 1),  # 15 days late
        (datetime.date(2026, 3, 2), sent((1, datetime.date(2026, 3, 1))), None),
        (datetime.date(2026, 3, 31), sent((1, datetime.date(2026, 3, 1))), 2),  # 45 days, 30 after
        (datetime.date(2026, 4, 30), sent((1, datetime.date(2026, 3, 1))), 2),
        # found late (60 days): the first reminder first, never the second straight away
        (datetime.date(2026, 4, 15), sent(), 1),
        (datetime.date(2026, 4, 16), sent((1, datetime.date(2026, 4, 15))), None),
        (datetime.date(2026, 5, 15), sent((1, datetime.date(2026, 4, 15))), 2),
        (
            datetime.date(2026, 12, 31),
            sent((1, datetime.date(2026, 3, 1)), (2, datetime.date(2026, 3, 31))),
            None,
        ),
    ],
)
def test_next_reminder_level(today, already, expected):
    got = rules.next_reminder_level(due_on=DUE, today=today, sent=already, days=(15, 45))
    assert got == expected


def test_reminder_days_are_a_setting():
    assert (
        rules.next_reminder_level(due_on=DUE, today=datetime.date(2026, 2, 22), sent=[], days=(7,))
        == 1
    )
    assert (
        rules.next_reminder_level(
            due_on=DUE,
            today=datetime.date(2026, 3, 30),
            sent=sent((1, datetime.date(2026, 2, 22))),
            days=(7,),
        )
        is None
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("480,00", "480.00"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56 €", "1234.56"),
        ("1.234,56", "1234.56"),
        ("-12,5", "-12.5"),
        ("80.00", "80.00"),
        ("+15", "15"),
    ],
)
def test_amounts(text, amount):
    assert statement.parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "abc", "12,345,6", "1,234.56", "12.345", "1e3"])
def test_bad_amounts(text):
    with pytest.raises(ValueError):  # noqa: PT011 - the caller names the line
        statement.parse_amount(text)


def test_a_windows_1252_statement_is_read():
    content = (
        "Date;Libellé;Montant\r\n"
        "15/02/2026;VIR SEPA BOULANGERIE F-2026-000001 cotisation;480,00\r\n"
        "16/02/2026;Frais bancaires;-3,50\r\n"
        "\r\n"
    ).encode("cp1252")
    lines = statement.parse(content)
    assert lines == [
        statement.StatementLine(
            2,
            datetime.date(2026, 2, 15),
            "VIR SEPA BOULANGERIE F-2026-000001 cotisation",
            Decimal("480"),
        ),
        statement.StatementLine(3, datetime.date(2026, 2, 16), "Frais bancaires", Decimal("-3.50")),
    ]


def test_a_utf8_statement_with_bom_is_read():
    content = "\ufeffdate;libellé;montant\n2026-02-15;Réglement F2026000007;100.00\n".encode()
    (line,) = statement.parse(content)
    assert line.label == "Réglement F2026000007"
    assert statement.invoice_numbers_in(line.label) == ["F-2026-000007"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"date,libelle,montant\n", "Ligne 1 : en-t"),
        (b"", "Ligne 1 : en-t"),
        (b"date;libelle;montant\n", "aucune ligne"),
        (b"date;libelle;montant\n15/02/2026;A;1,00\n32/02/2026;B;2,00\n", "Ligne 3 : date"),
        (b"date;libelle;montant\n15/02/2026;A;1,00\n15/02/2026;B;deux\n", "Ligne 3 : montant"),
        (b"date;libelle;montant\n15/02/2026;A\n", "Ligne 2 : 3 colonnes"),
        (b"date;libelle;montant\n15/02/2026;A;0,00\n", "Ligne 2 : montant"),
        (b"date;libelle;montant\n15/02/2026;A;9999999999,00\n", "Ligne 2 : montant"),
        (b"date;libelle;montant\n15/02/2026;A\x00;1,00\n", "Fichier illisible"),
    ],
)
def test_malformed_statements_name_the_line(content, message):
    with pytest.raises(statement.StatementError, match=message):
        statement.parse(content)


@pytest.mark.parametrize(
    ("label", "numbers"),
    [
        ("VIR F-2026-000001", ["F-2026-000001"]),
        ("vir f 2026 000012 et F-2026-000012", ["F-2026-000012"]),
        ("F-2026-000001 F-2026-000002", ["F-2026-000001", "F-2026-000002"]),
        ("AV-2026-000001", []),  # a credit note is not paid
        ("REF F-2026-0000011", []),  # seven digits: not one of our numbers
        ("Cotisation 2026", []),
    ],
)
def test_invoice_numbers_in_labels(label, numbers):
    assert statement.invoice_numbers_in(label) == numbers
