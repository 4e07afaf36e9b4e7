"""The catalogue holds the domain note's default indicators, each with its source and lists."""

import pytest

from dashboards.catalogue.selectors import (
    AGGREGATIONS,
    DOMAINS,
    UNITS,
    CatalogueError,
    _read,
    catalogue,
    key_indicators,
)
from dashboards.facts.selectors_sources import sources

# ../shared/domain/offres-pdp-tns-qualite-indicateurs.md §4, "Default KPIs", plus issue 16's
# invoicing, requests, membership movements and delegation share.
DEFAULTS = {
    "fe_recent",
    "fe_first_year",
    "primary_action_4y",
    "duerp_support",
    "visits_on_time",
    "vip_3_months",
    "nurse_share",
    "tele_share",
    "no_show",
    "new_member_contact",
    "pdp_referrals",
    "pdp_first_contact_days",
    "pdp_outcome_6m",
    "tns_followed",
    "tns_screenings",
    "tns_screening_positive",
    "tns_escalated",
    "nc_open",
    "satisfaction",
    "billed",
    "paid",
    "receivables_past_due",
    "requests_on_time",
    "members_joined",
    "members_left",
}


def test_every_default_indicator_is_defined_with_its_source():
    found = catalogue()
    assert set(found) >= DEFAULTS, sorted(DEFAULTS - set(found))
    assert set(sources()) == set(found)


def test_every_definition_is_complete_and_every_list_has_its_function():
    known = sources()
    for indicator in catalogue().values():
        assert indicator.domain in DOMAINS
        assert indicator.aggregation in AGGREGATIONS
        assert indicator.unit in UNITS
        assert indicator.name
        assert indicator.numerator
        assert indicator.source
        assert indicator.app
        if indicator.unit == "percent":
            assert indicator.denominator, indicator.id
        if indicator.drill:
            assert known[indicator.id].drill is not None, indicator.id
    assert 3 <= len(key_indicators()) <= 9  # a cockpit one reads at a glance


def test_a_wrong_entry_is_refused_with_its_name(tmp_path):
    path = tmp_path / "suivi.toml"
    path.write_text(
        '[[indicator]]\nid = "x"\nname = "X"\nnumerator = "n"\ndenominator = "d"\n'
        'period = "mois"\nsource = "s"\napp = "a"\naggregation = "average"\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match="x: aggregation 'average'"):
        _read(path)


@pytest.mark.django_db
def test_the_definitions_download_as_a_table(world, client_for):
    text = (
        client_for("physician")
        .get("/back-office/pilotage/indicateurs/", {"format": "csv"})
        .content.decode("utf-8-sig")
    )
    lines = text.splitlines()
    assert lines[0].startswith("Identifiant;Domaine;Indicateur;Numérateur;Dénominateur;")
    assert len(lines) == 1 + len(catalogue())
    assert any(line.startswith("visits_on_time;Suivi individuel;") for line in lines)
