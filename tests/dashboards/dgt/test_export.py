"""The DGT annual survey (issue 16, item 6): rubrics seeded from the catalogue, the official list
loaded from a CSV, and the yearly workbook checked against hand counts."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dashboards.catalogue import selectors as catalogue_selectors
from dashboards.dgt import services
from dashboards.dgt.exports import HEADERS, survey_xlsx
from dashboards.dgt.models import DgtField
from dashboards.dgt.selectors import years_available
from tests.accounts.factories import HealthCenterFactory, TeamFactory
from tests.dashboards.support_catalogue import fact, month, small_catalogue  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_catalogue")]


def _lines():
    return list(DgtField.objects.values_list("order", "indicator", "breakdown", "label", "active"))


def test_default_rubrics_are_one_per_indicator_and_per_declared_label():
    assert services.ensure_default_fields() == 7
    assert _lines() == [
        (10, "visits_on_time", "", "Visites réalisées dans les délais", True),
        (
            20,
            "visits_on_time",
            "kind:vip",
            "Visites réalisées dans les délais : Visite d'information et de prévention",
            True,
        ),
        (
            30,
            "visits_on_time",
            "performer:physician",
            "Visites réalisées dans les délais : Médecin",
            True,
        ),
        (
            40,
            "visits_on_time",
            "performer:nurse",
            "Visites réalisées dans les délais : Infirmier(e)",
            True,
        ),
        (50, "workers_followed", "", "Salariés suivis", True),
        # a histogram's kind holds its values (days): no line per kind
        (60, "visit_delay", "", "Délai d'obtention d'une visite", True),
        (70, "invoiced", "", "Montant facturé", True),
    ]


def test_seeding_again_keeps_edited_wording_and_appends_new_indicators():
    services.ensure_default_fields()
    DgtField.objects.filter(indicator="invoiced").update(label="Chiffre d'affaires", order=5)
    assert services.ensure_default_fields() == 0
    assert DgtField.objects.get(indicator="invoiced").label == "Chiffre d'affaires"
    DgtField.objects.filter(indicator="workers_followed").delete()
    assert services.ensure_default_fields() == 1
    # after the largest order (60, visit_delay)
    assert DgtField.objects.get(indicator="workers_followed").order == 70


def test_the_official_list_is_loaded_from_a_csv():
    services.ensure_default_fields()
    content = (
        "\ufeffordre;indicateur;ventilation;libellé\n"
        "1;invoiced;;1.1 Montant des cotisations appelées\n"
        "2;visits_on_time;performer:nurse;2.3 Visites infirmières dans les délais\n"
        "3;workers_followed;;\t\n"  # blank label: refused below
    ).encode()
    with pytest.raises(services.FieldListError) as refused:
        services.import_fields(content)
    assert refused.value.errors == ["ligne 3 : le libellé est vide"]
    assert DgtField.objects.get(indicator="invoiced").label == "Montant facturé"  # nothing done

    content = content.replace(b"3;workers_followed;;\t\n", b"3;workers_followed;kind:x;Suivis\n")
    with pytest.raises(services.FieldListError) as refused:
        services.import_fields(content)
    assert refused.value.errors[0].startswith("ligne 3 : ventilation 'kind:x' impossible")

    content = content.replace(
        b"3;workers_followed;kind:x;Suivis\n", b"4;visit_delay;;4.1 D\xc3\xa9lai\n"
    )
    result = services.import_fields(content)
    # invoiced, nurse line and visit_delay updated; 4 others (whole visits, vip, physician,
    # workers) no longer exported
    assert (result.created, result.updated, result.deactivated) == (0, 3, 4)
    active = DgtField.objects.filter(active=True).values_list(
        "order", "indicator", "breakdown", "label"
    )
    assert list(active) == [
        (1, "invoiced", "", "1.1 Montant des cotisations appelées"),
        (2, "visits_on_time", "performer:nurse", "2.3 Visites infirmières dans les délais"),
        (4, "visit_delay", "", "4.1 Délai"),
    ]
    assert DgtField.objects.count() == 7

    result = services.import_fields(
        b"9;visits_on_time;kind:periodic;Visites p\xe9riodiques\n", deactivate_others=False
    )
    assert (result.created, result.updated, result.deactivated) == (1, 0, 0)  # cp1252 read
    assert DgtField.objects.get(breakdown="kind:periodic").label == "Visites périodiques"


def test_unknown_indicators_and_bad_orders_are_refused_line_by_line():
    with pytest.raises(services.FieldListError) as refused:
        services.import_fields(b"x;invoiced;;A\n2;nope;;B\n3;invoiced;;C\n4;invoiced;;D\n")
    assert refused.value.errors == [
        "ligne 1 : l'ordre doit être un nombre entier ('x')",
        "ligne 2 : indicateur inconnu du catalogue ('nope')",
        "ligne 4 : la rubrique invoiced figure deux fois",
    ]
    assert not DgtField.objects.exists()


def _world_facts():
    """Two centres: A with a team, B with centre-level facts; facts of 2025, and around it."""
    center_a, center_b = HealthCenterFactory(name="A"), HealthCenterFactory(name="B")
    team = TeamFactory(center=center_a)
    a = {"center": center_a, "team": team}
    # visits on time: 8/10 (A, Jan, VIP, physician), 3/5 (A, June, periodic, nurse),
    # 4/4 (B, Dec, VIP, nurse); outside 2025: 1/10 (Dec 2024), 0/7 (Jan 2026)
    fact(
        "visits_on_time",
        month=month(2025, 1),
        numerator=8,
        denominator=10,
        kind="vip",
        performer="physician",
        **a,
    )
    fact(
        "visits_on_time",
        month=month(2025, 6),
        numerator=3,
        denominator=5,
        kind="periodic",
        performer="nurse",
        **a,
    )
    fact("visits_on_time", center_b, month(2025, 12), 4, 4, kind="vip", performer="nurse")
    fact(
        "visits_on_time",
        month=month(2024, 12),
        numerator=1,
        denominator=10,
        kind="vip",
        performer="physician",
        **a,
    )
    fact("visits_on_time", center_b, month(2026, 1), 0, 7, kind="vip", performer="nurse")
    # workers followed (a stock, read on December): A 100 in Nov, 120 in Dec;
    # B 999 in Oct, 30 in Dec
    fact("workers_followed", month=month(2025, 11), numerator=100, **a)
    fact("workers_followed", month=month(2025, 12), numerator=120, **a)
    fact("workers_followed", center_b, month(2025, 10), 999)
    fact("workers_followed", center_b, month(2025, 12), 30)
    # delay (histogram, days in `kind`): A March 2 × 3 days and 1 × 10 days; B May 2 × 5 days
    fact("visit_delay", month=month(2025, 3), numerator=2, kind="3", **a)
    fact("visit_delay", month=month(2025, 3), numerator=1, kind="10", **a)
    fact("visit_delay", center_b, month(2025, 5), 2, kind="5")
    # invoiced: 1 234,50 € (A, Feb) + 1 000 € (B, July)
    fact("invoiced", month=month(2025, 2), numerator="1234.50", **a)
    fact("invoiced", center_b, month(2025, 7), 1000)


def _rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_holds_each_rubric_over_the_whole_service_for_the_year():
    _world_facts()
    services.ensure_default_fields()
    rows = _rows(survey_xlsx(2025))
    assert rows[0] == tuple(HEADERS)
    values = [(r[0], r[2], r[3], r[4], r[5], r[6]) for r in rows[1:]]
    assert values == [
        # (8 + 3 + 4) / (10 + 5 + 4) = 15 / 19 = 78,9 %
        ("Visites réalisées dans les délais", None, 15, 19, 78.9, "%"),
        # VIP: (8 + 4) / (10 + 4) = 85,7 %
        (
            "Visites réalisées dans les délais : Visite d'information et de prévention",
            "Type : Visite d'information et de prévention",
            12, 14, 85.7, "%",
        ),
        # physician 8 / 10; nurse (3 + 4) / (5 + 4) = 77,8 %
        ("Visites réalisées dans les délais : Médecin", "Réalisé par : Médecin", 8, 10, 80, "%"),
        (
            "Visites réalisées dans les délais : Infirmier(e)",
            "Réalisé par : Infirmier(e)",
            7, 9, 77.8, "%",
        ),
        # December: 120 (A) + 30 (B)
        ("Salariés suivis", None, 150, None, 150, "nombre"),
        # cases 3, 3, 5, 5, 10: median 5 days, 5 cases
        ("Délai d'obtention d'une visite", None, 5, None, 5, "jours"),
        ("Montant facturé", None, 2234.5, None, 2234.5, "€"),
    ]  # fmt: skip
    first = rows[1]
    assert first[1] == "visits_on_time"
    assert first[7] == (
        "Numérateur : visites tenues au plus tard à leur échéance ; dénominateur : visites dont "
        "l'échéance est tombée dans le mois ; période : mois ; une période additionne ses mois."
    )
    assert first[8] == "art. R4624-10 à R4624-28 C. trav."
    assert rows[6][7].endswith("À VÉRIFIER : délai compté en jours calendaires.")


def test_a_year_without_facts_and_inactive_rubrics():
    _world_facts()
    services.ensure_default_fields()
    DgtField.objects.exclude(indicator="invoiced").update(active=False)
    assert _rows(survey_xlsx(2023))[1:] == [
        ("Montant facturé", "invoiced", None, None, None, None, "€",
         "Numérateur : montant HT des factures émises ; période : mois.", "art. L4622-6 C. trav."),
    ]  # fmt: skip


def test_a_rubric_whose_indicator_left_the_catalogue_says_so():
    DgtField.objects.create(order=1, indicator="gone", label="Ancienne rubrique")
    rows = _rows(survey_xlsx(2025))
    assert rows[1][:6] == ("Ancienne rubrique", "gone", None, None, None, None)
    assert rows[1][7] == "Indicateur absent du catalogue : aucune valeur."


def test_member_text_in_a_label_never_runs_as_a_formula():
    DgtField.objects.create(order=1, indicator="invoiced", label='=HYPERLINK("x")')
    assert _rows(survey_xlsx(2025))[1][0] == '\'=HYPERLINK("x")'


def test_the_export_reads_a_bounded_number_of_queries(django_assert_max_num_queries):
    _world_facts()
    services.ensure_default_fields()
    # rubrics 1 + centres 1 + fact run 1 + at most 2 per rubric (7)
    with django_assert_max_num_queries(3 + 2 * 7):
        survey_xlsx(2025)


def test_decimals_are_numbers_in_the_workbook():
    _world_facts()
    services.ensure_default_fields()
    sheet = load_workbook(io.BytesIO(survey_xlsx(2025))).worksheets[0]
    assert isinstance(sheet["F2"].value, float)
    assert Decimal(str(sheet["F2"].value)) == Decimal("78.9")


def test_the_years_offered_run_from_the_first_fact_to_this_year():
    today = datetime.date(2026, 3, 10)
    # no fact yet: last year (the survey's) and this one
    assert years_available(today) == [2026, 2025]
    fact("invoiced", HealthCenterFactory(), month(2023, 5), 1)
    assert years_available(today) == [2026, 2025, 2024, 2023]


PDP = """
[[indicator]]
id = "pdp_outcome_6m"
name = "Issue à six mois"
numerator = "dossiers dont l'issue à six mois est connue, ventilés par issue"
denominator = "dossiers clos six mois avant"
period = "mois"
source = "note PDP"
app = "pdp"
aggregation = "flow"
unit = "percent"
breakdowns = ["kind"]
kinds_split_cases = true
[indicator.labels]
kept_in_post = "Maintien au poste"
refused = "Accompagnement refusé"
unknown = "Issue pas encore connue"
"""


def test_each_outcome_reads_as_its_share_of_all_the_cases(tmp_path):
    """An indicator whose kinds sort its cases: each kind's rubric is its number of cases out
    of every case of the year (as on the PDP page), never the kind's own ratio (100 %)."""
    (tmp_path / "pdp.toml").write_text(PDP, encoding="utf-8")
    catalogue_selectors.catalogue.cache_clear()
    center_a, center_b = HealthCenterFactory(name="A"), HealthCenterFactory(name="B")
    # each outcome counts its cases in both terms, "unknown" in the denominator only:
    # A: 3 kept in post (March), 2 unknown (May); B: 1 kept in post, 4 refused (October);
    # outside 2025: 6 kept in post (December 2024)
    fact("pdp_outcome_6m", center_a, month(2025, 3), 3, 3, kind="kept_in_post")
    fact("pdp_outcome_6m", center_a, month(2025, 5), 0, 2, kind="unknown")
    fact("pdp_outcome_6m", center_b, month(2025, 10), 1, 1, kind="kept_in_post")
    fact("pdp_outcome_6m", center_b, month(2025, 10), 4, 4, kind="refused")
    fact("pdp_outcome_6m", center_a, month(2024, 12), 6, 6, kind="kept_in_post")
    services.ensure_default_fields()
    rows = {r[0]: r[3:7] for r in _rows(survey_xlsx(2025))[1:] if r[1] == "pdp_outcome_6m"}
    assert rows == {
        # known outcomes 3 + 1 + 4 = 8 of the 10 cases closed
        "Issue à six mois": (8, 10, 80, "%"),
        # 3 + 1 = 4 of 10
        "Issue à six mois : Maintien au poste": (4, 10, 40, "%"),
        "Issue à six mois : Accompagnement refusé": (4, 10, 40, "%"),
        "Issue à six mois : Issue pas encore connue": (2, 10, 20, "%"),
    }
