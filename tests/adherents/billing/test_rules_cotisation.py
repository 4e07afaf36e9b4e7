"""The cotisation rules with concrete numbers: one rate per worker (L4622-6, loi 2021-1018), the
board's weighting and minimum, TNS (L4621-3), complementary offer, rounding half-up, credit notes,
numbering and due dates."""

import dataclasses
import datetime
from decimal import Decimal

import pytest

from adherents.rules import cotisation as rules

ITEMS = {
    "mediation": ("Médiation", Decimal("450.00")),
    "sensib": ("Sensibilisation", Decimal("33.333")),
}
# A tariff whose board chose a weighting by category and a minimum (contested, off by default).
TARIFF = rules.TariffAmounts(
    per_worker_si=Decimal("100.00"),
    per_worker_sia=Decimal("120.00"),
    per_worker_sir=Decimal("150.00"),
    minimum_per_member=Decimal("200.00"),
    tns_amount=Decimal("180.00"),
    items=ITEMS,
    category_weighting=True,
    member_minimum=True,
)
# The default since loi 2021-1018: one rate for every worker followed, no minimum.
SINGLE_RATE = rules.TariffAmounts(
    per_worker_si=Decimal("110.00"),
    per_worker_sia=Decimal("110.00"),
    per_worker_sir=Decimal("110.00"),
    minimum_per_member=Decimal("0.00"),
    tns_amount=Decimal("180.00"),
    items=ITEMS,
)


@pytest.mark.parametrize(
    ("si", "sia", "sir", "expected_lines", "total"),
    [
        # L4622-6: each worker followed counts for one unit, SI, SIA and SIR alike: one line.
        (3, 1, 2, [("core_per_worker", "6", "110.00", "660.00")], "660.00"),
        (0, 0, 5, [("core_per_worker", "5", "110.00", "550.00")], "550.00"),
        # 1 worker at 110 €: no minimum per member by default.
        (1, 0, 0, [("core_per_worker", "1", "110.00", "110.00")], "110.00"),
        (0, 0, 0, [], "0.00"),
    ],
)
def test_default_tariff_charges_one_rate_per_worker_and_no_minimum(
    si, sia, sir, expected_lines, total
):
    quote = rules.cotisation_lines(SINGLE_RATE, "company", rules.Headcounts(si, sia, sir))
    got = [(x.heading, str(x.quantity), str(x.unit_price), str(x.amount)) for x in quote.lines]
    assert got == expected_lines
    assert quote.total == Decimal(total)
    if quote.lines:
        assert quote.lines[0].label == "Salariés suivis, chacun pour une unité (art. L4622-6)"


def test_amounts_of_a_weighting_not_chosen_by_the_board_are_ignored():
    # SIA/SIR amounts without the board's weighting, a minimum without the board's choice.
    unchosen = rules.TariffAmounts(
        Decimal("100.00"),
        Decimal("120.00"),
        Decimal("150.00"),
        Decimal("200.00"),
        Decimal("0"),
        items={},
    )
    quote = rules.cotisation_lines(unchosen, "company", rules.Headcounts(1, 1, 1))
    assert [(x.quantity, x.amount) for x in quote.lines] == [(Decimal(3), Decimal("300.00"))]
    assert unchosen.per_worker_rates() == {"par salarié suivi": Decimal("100.00")}
    assert TARIFF.per_worker_rates() == {
        "par salarié en SI": Decimal("100.00"),
        "par salarié en SIA": Decimal("120.00"),
        "par salarié en SIR": Decimal("150.00"),
    }


@pytest.mark.parametrize(
    ("kind", "si", "sia", "sir", "extra", "expected_lines", "total"),
    [
        # 3 SI + 1 SIA + 2 SIR = 300 + 120 + 300 = 720 >= 200: no minimum line.
        (
            "company",
            3,
            1,
            2,
            [],
            [
                ("core_per_worker", "3", "100.00", "300.00"),
                ("core_per_worker", "1", "120.00", "120.00"),
                ("core_per_worker", "2", "150.00", "300.00"),
            ],
            "720.00",
        ),
        # 1 SI = 100 < 200: a complement of 100 brings the core offer to the minimum.
        (
            "company",
            1,
            0,
            0,
            [],
            [
                ("core_per_worker", "1", "100.00", "100.00"),
                ("core_minimum", "1", "100.00", "100.00"),
            ],
            "200.00",
        ),
        # No worker declared: the minimum only.
        ("company", 0, 0, 0, [], [("core_minimum", "1", "200.00", "200.00")], "200.00"),
        # Exactly the minimum: no complement line.
        ("company", 2, 0, 0, [], [("core_per_worker", "2", "100.00", "200.00")], "200.00"),
        # TNS: the specific offer, whatever the headcount; plus a mediation.
        (
            "tns",
            5,
            0,
            0,
            [("mediation", 1)],
            [("tns", "1", "180.00", "180.00"), ("complementary", "1", "450.00", "450.00")],
            "630.00",
        ),
        # Complementary items are added on top of the minimum; quantity 0 is ignored.
        (
            "company",
            0,
            0,
            1,
            [("mediation", 2), ("sensib", 0)],
            [
                ("core_per_worker", "1", "150.00", "150.00"),
                ("core_minimum", "1", "50.00", "50.00"),
                ("complementary", "2", "450.00", "900.00"),
            ],
            "1100.00",
        ),
    ],
)
def test_cotisation_lines(kind, si, sia, sir, extra, expected_lines, total):
    quote = rules.cotisation_lines(TARIFF, kind, rules.Headcounts(si, sia, sir), extra)
    got = [(x.heading, str(x.quantity), str(x.unit_price), str(x.amount)) for x in quote.lines]
    assert got == expected_lines
    assert quote.total == Decimal(total)


def test_unit_prices_are_rounded_half_up_to_the_cent():
    # 33.333 -> 33.33; 3 x 33.33 = 99.99
    quote = rules.cotisation_lines(TARIFF, "company", rules.Headcounts(2), [("sensib", 3)])
    assert quote.lines[-1].unit_price == Decimal("33.33")
    assert quote.lines[-1].amount == Decimal("99.99")
    assert rules.cents(Decimal("0.005")) == Decimal("0.01")
    assert rules.cents(Decimal("2.675")) == Decimal("2.68")  # half-up, not banker's rounding
    assert rules.cents(Decimal("-1.005")) == Decimal("-1.01")


def test_a_minimum_with_odd_cents():
    tariff = rules.TariffAmounts(
        Decimal("33.335"),
        Decimal("0"),
        Decimal("0"),
        Decimal("100.00"),
        Decimal("0"),
        items={},
        category_weighting=True,
        member_minimum=True,
    )  # 33.335 -> 33.34 per worker
    quote = rules.cotisation_lines(tariff, "company", rules.Headcounts(2))
    assert [x.amount for x in quote.lines] == [Decimal("66.68"), Decimal("33.32")]
    assert quote.total == Decimal("100.00")


def test_unknown_item_and_unknown_kind_are_refused_in_french():
    with pytest.raises(rules.CotisationError, match="n'existe pas dans le tarif"):
        rules.cotisation_lines(TARIFF, "company", rules.Headcounts(1), [("inconnu", 1)])
    with pytest.raises(rules.CotisationError, match="Type d'adhérent inconnu"):
        rules.cotisation_lines(TARIFF, "association", rules.Headcounts(1))
    with pytest.raises(rules.CotisationError, match="négatif"):
        rules.cotisation_lines(TARIFF, "company", rules.Headcounts(-1))


LINES = [
    rules.Line(
        "core_per_worker", "Salariés en SI", Decimal("3"), Decimal("100.00"), Decimal("300.00")
    ),
    rules.Line("core_minimum", "Complément", Decimal("1"), Decimal("20.00"), Decimal("20.00")),
]


@pytest.mark.parametrize(
    ("already", "amount", "expected_amounts", "total"),
    [
        ("0", None, ["300.00", "20.00"], "320.00"),  # full: the lines mirrored
        ("0", "320.00", ["300.00", "20.00"], "320.00"),  # the full amount given
        ("0", "50.005", ["50.01"], "50.01"),  # partial, rounded half-up
        ("100.00", None, ["220.00"], "220.00"),  # the rest, after a first credit note
        ("100.00", "220.00", ["220.00"], "220.00"),
    ],
)
def test_credit_note_lines(already, amount, expected_amounts, total):
    quote = rules.credit_note_lines(
        "F-2026-000001",
        LINES,
        invoice_total=Decimal("320.00"),
        already_credited=Decimal(already),
        amount=None if amount is None else Decimal(amount),
    )
    assert [str(x.amount) for x in quote.lines] == expected_amounts
    assert all(x.heading == "credit" for x in quote.lines)
    assert quote.total == Decimal(total)


@pytest.mark.parametrize(
    ("already", "amount", "message"),
    [
        ("0", "320.01", "ne peut pas dépasser 320,00\u00a0€"),
        ("300.00", "20.01", "ne peut pas dépasser 20,00\u00a0€"),
        ("320.00", None, "déjà entièrement annulée"),
        ("0", "0", "doit être positif"),
        ("0", "-5", "doit être positif"),
    ],
)
def test_credit_note_limits(already, amount, message):
    with pytest.raises(rules.CotisationError, match=message):
        rules.credit_note_lines(
            "F-2026-000001",
            LINES,
            invoice_total=Decimal("320.00"),
            already_credited=Decimal(already),
            amount=None if amount is None else Decimal(amount),
        )


@pytest.mark.parametrize(
    ("kind", "year", "n", "expected"),
    [
        ("invoice", 2026, 1, "F-2026-000001"),
        ("invoice", 2027, 123456, "F-2027-123456"),
        ("credit_note", 2026, 42, "AV-2026-000042"),
    ],
)
def test_invoice_numbers(kind, year, n, expected):
    assert rules.invoice_number(kind, year, n) == expected


@pytest.mark.parametrize(
    ("issued", "days", "due"),
    [
        (datetime.date(2026, 1, 15), 30, datetime.date(2026, 2, 14)),
        (datetime.date(2026, 12, 15), 30, datetime.date(2027, 1, 14)),
        (datetime.date(2028, 2, 1), 28, datetime.date(2028, 2, 29)),  # leap year
        (datetime.date(2026, 3, 1), 0, datetime.date(2026, 3, 1)),
    ],
)
def test_due_date(issued, days, due):
    assert rules.due_date(issued, days) == due


@pytest.mark.parametrize(
    ("amount", "text"),
    [("1234.5", "1 234,50"), ("0", "0,00"), ("-1234567.891", "-1 234 567,89"), ("999", "999,00")],
)
def test_french_amounts(amount, text):
    # No-break spaces between thousands and before €, as spsti.french.euros writes them.
    assert rules.fmt(Decimal(amount)) == text.replace(" ", "\u00a0")
    assert rules.money(Decimal(amount)) == text.replace(" ", "\u00a0") + "\u00a0€"


@pytest.mark.parametrize(
    ("amount", "warned"),
    [
        ("92.40", False),  # 80 % of 115.50 €, the 2025 national cost
        ("92.39", True),
        ("138.60", False),  # 120 %
        ("138.61", True),
    ],
)
def test_the_band_of_2025_is_80_to_120_percent_of_115_50(amount, warned):
    warnings = rules.band_warnings(2025, {"par salarié en SI": Decimal(amount)})
    assert bool(warnings) is warned
    if warned:
        assert "92,40\u00a0€ à 138,60\u00a0€" in warnings[0]


def test_no_band_is_checked_for_a_year_whose_national_cost_is_not_known():
    assert rules.band_warnings(2031, {"par salarié en SI": Decimal("1.00")}) == []


# --- What the invoice says, and the boundaries `make mutate` found unpinned -----------------


def test_each_line_names_its_legal_basis():
    single = rules.cotisation_lines(SINGLE_RATE, rules.MEMBER_COMPANY, rules.Headcounts(si=2))
    assert [x.label for x in single.lines] == [
        "Salariés suivis, chacun pour une unité (art. L4622-6)"
    ]
    weighted = rules.cotisation_lines(TARIFF, rules.MEMBER_COMPANY, rules.Headcounts(sir=1))
    assert weighted.lines[0].label == (
        "Salariés en suivi individuel renforcé (SIR) (art. L4622-6, pondération décidée par le "
        "conseil d'administration)"
    )
    assert weighted.lines[1].label == "Complément au minimum de cotisation par adhérent"
    assert weighted.total == Decimal("200.00")
    tns = rules.cotisation_lines(SINGLE_RATE, rules.MEMBER_TNS, rules.Headcounts())
    assert [x.label for x in tns.lines] == [
        "Offre spécifique travailleur indépendant (art. L4621-3)"
    ]


@pytest.mark.parametrize("negative", ["si", "sia", "sir"])
def test_a_negative_headcount_in_any_category_is_refused(negative):
    with pytest.raises(rules.CotisationError, match="Un effectif ne peut pas être négatif"):
        rules.cotisation_lines(
            SINGLE_RATE, rules.MEMBER_COMPANY, rules.Headcounts(**{negative: -1})
        )


def test_a_minimum_amount_left_in_the_tariff_applies_only_if_the_board_chose_it():
    leftover = dataclasses.replace(SINGLE_RATE, minimum_per_member=Decimal("200.00"))
    quote = rules.cotisation_lines(leftover, rules.MEMBER_COMPANY, rules.Headcounts(si=1))
    assert [x.heading for x in quote.lines] == [rules.CORE_PER_WORKER]
    assert quote.total == Decimal("110.00")


def test_an_item_of_quantity_zero_does_not_hide_the_next_ones():
    quote = rules.cotisation_lines(
        SINGLE_RATE,
        rules.MEMBER_COMPANY,
        rules.Headcounts(si=1),
        complementary=[("sensib", 0), ("mediation", 1)],
    )
    assert [x.label for x in quote.lines if x.heading == rules.COMPLEMENTARY] == ["Médiation"]
    assert quote.total == Decimal("560.00")


# --- Heads of member companies (L4621-4), billed only by the service's choice (TO VERIFY) ---


@pytest.mark.parametrize(
    ("heads", "bill", "units"), [(2, True, 2), (2, False, 0), (0, True, 0), (0, False, 0)]
)
def test_billed_company_heads_count_one_unit_each_only_when_the_service_bills_them(
    heads, bill, units
):
    assert rules.billed_company_heads(heads, bill) == units


def test_a_negative_number_of_heads_is_refused_in_french():
    with pytest.raises(rules.CotisationError, match="dirigeants ne peut pas être négatif"):
        rules.billed_company_heads(-1, True)


def test_billed_heads_add_a_line_at_the_per_worker_rate_beside_the_workers():
    headcounts = rules.Headcounts(si=3, sia=1, company_heads=2)
    billed = rules.cotisation_lines(
        SINGLE_RATE, rules.MEMBER_COMPANY, headcounts, bill_company_heads=True
    )
    got = [(x.heading, str(x.quantity), str(x.amount)) for x in billed.lines]
    assert got == [
        ("core_per_worker", "4", "440.00"),  # the 4 workers at 110 €
        ("core_per_worker", "2", "220.00"),  # the 2 heads, one unit each at 110 €
    ]
    assert billed.lines[1].label == (
        "Dirigeants bénéficiant du suivi (art. L4621-4), chacun pour une unité (art. L4622-6)"
    )
    assert billed.total == Decimal("660.00")
    unbilled = rules.cotisation_lines(SINGLE_RATE, rules.MEMBER_COMPANY, headcounts)
    assert [str(x.amount) for x in unbilled.lines] == ["440.00"]  # default: heads not billed
    assert unbilled.total == Decimal("440.00")


def test_billed_heads_count_in_the_core_before_the_boards_minimum():
    # Weighted tariff with a 200 € minimum: 1 SI (100 €) + 1 head (100 € at the SI rate).
    quote = rules.cotisation_lines(
        TARIFF,
        rules.MEMBER_COMPANY,
        rules.Headcounts(si=1, company_heads=1),
        bill_company_heads=True,
    )
    assert [(x.heading, str(x.amount)) for x in quote.lines] == [
        ("core_per_worker", "100.00"),
        ("core_per_worker", "100.00"),
    ]
    assert quote.total == Decimal("200.00")  # no « complément au minimum » line
