"""The indicator catalogue: data files `dashboards/data/indicators/<domain>.toml`, read once.

Each indicator is defined there, in French for the screens and the DGT export: what is counted
(numerator), over what (denominator), for which period, broken down how, from which article or
seed, owned by which app. Its figures are computed by the function registered under the same id in
`dashboards.facts.selectors_sources` and stored as monthly facts (`dashboards.facts.models.Fact`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "indicators"

# The management pages, one per domain, in the order of the menu.
DOMAINS: dict[str, str] = {
    "suivi": "Suivi individuel",
    "prevention": "Prévention",
    "adhesion": "Adhérents",
    "facturation": "Facturation",
    "pdp": "Prévention de la désinsertion professionnelle",
    "tns": "Travailleurs indépendants",
    "qualite": "Qualité",
}
# flow: events of the month, a period sums its months; stock: the state at the end of the
# month, a period reads its last month; histogram: the numerator counts cases per value (the
# value in `kind`), a period merges the months and reads their median.
AGGREGATIONS = {"flow", "stock", "histogram"}
UNITS = {"percent", "count", "euros", "days"}
UNIT_LABELS = {"percent": "%", "count": "nombre", "euros": "€", "days": "jours (médiane)"}
BREAKDOWNS = {"kind", "performer"}


@dataclass(frozen=True)
class Indicator:
    id: str
    domain: str
    name: str
    numerator: str
    denominator: str
    period: str
    source: str
    app: str
    aggregation: str = "flow"
    unit: str = "percent"
    breakdowns: tuple[str, ...] = ()
    # How the breakdown values read on screen, e.g. {"vip": "Visite d'information et de
    # prévention"}; a value missing here is shown as stored.
    labels: dict[str, str] = field(default_factory=dict)
    # The lists behind a figure: "num" (what the numerator counts), "rest" (the denominator's
    # other items), "all" (the denominator's items); each with its French title.
    drill: dict[str, str] = field(default_factory=dict)
    higher_is_better: bool = True
    # The kinds sort the cases of the denominator (an outcome, a follow-up): each kind reads as
    # its number of cases and its share of all the cases, not as its own ratio.
    kinds_split_cases: bool = False
    key: bool = False  # on the direction's cockpit
    note: str = ""  # a caveat (TO VERIFY, a reading of an ambiguous source)

    @property
    def is_ratio(self) -> bool:
        return self.unit == "percent"

    @property
    def unit_label(self) -> str:
        return UNIT_LABELS[self.unit]

    @property
    def domain_label(self) -> str:
        return DOMAINS[self.domain]

    def label(self, value: str) -> str:
        return self.labels.get(value, value)


class CatalogueError(ValueError):
    pass


def _read(path: Path) -> list[Indicator]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    domain = path.stem
    if domain not in DOMAINS:
        raise CatalogueError(f"{path.name}: unknown domain {domain!r}")
    indicators = []
    for raw in data.get("indicator", []):
        raw = dict(raw)
        raw["breakdowns"] = tuple(raw.get("breakdowns", ()))
        indicator = Indicator(domain=domain, **raw)
        if indicator.aggregation not in AGGREGATIONS:
            raise CatalogueError(f"{indicator.id}: aggregation {indicator.aggregation!r}")
        if indicator.unit not in UNITS:
            raise CatalogueError(f"{indicator.id}: unit {indicator.unit!r}")
        if set(indicator.breakdowns) - BREAKDOWNS:
            raise CatalogueError(f"{indicator.id}: breakdowns {indicator.breakdowns!r}")
        if set(indicator.drill) - {"num", "rest", "all"}:
            raise CatalogueError(f"{indicator.id}: drill parts {sorted(indicator.drill)!r}")
        indicators.append(indicator)
    return indicators


@cache
def catalogue() -> dict[str, Indicator]:
    """Every indicator by id, domain by domain in the menu's order."""
    found: dict[str, Indicator] = {}
    for domain in DOMAINS:
        path = DATA / f"{domain}.toml"
        if not path.exists():
            continue
        for indicator in _read(path):
            if indicator.id in found:
                raise CatalogueError(f"{indicator.id}: defined twice")
            found[indicator.id] = indicator
    return found


def indicator(indicator_id: str) -> Indicator | None:
    return catalogue().get(indicator_id)


def by_domain(domain: str) -> list[Indicator]:
    return [i for i in catalogue().values() if i.domain == domain]


def key_indicators() -> list[Indicator]:
    return [i for i in catalogue().values() if i.key]
