"""How a figure reads in French: 47,2 %, 12 345,00 €, 12 j, 1 234."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from spsti.french import euros

register = template.Library()
NBSP = "\u00a0"


@register.filter
def figure_value(value, unit: str) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    if unit == "percent":
        return f"{number_format(value, 1, force_grouping=True)}{NBSP}%"
    if unit == "euros":
        return euros(value)  # the one writing of an amount (spsti/french.py)
    if unit == "days":
        return f"{number_format(value, 1 if value % 1 else 0, force_grouping=True)}{NBSP}j"
    return number_format(value, 0 if value % 1 == 0 else 1, force_grouping=True)


@register.filter
def plain_number(value) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    return number_format(value, 0 if value % 1 == 0 else 2, force_grouping=True)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter
def label_of(indicator, value: str) -> str:
    """A breakdown value as the catalogue names it ("MI_CARRIERE" → "Mi-carrière")."""
    return indicator.label(value) if indicator else value


# The filter a breakdown's row sets when it leads to its list (the last value of a repeated
# parameter wins, so the page's own filter is overridden).
_DRILL_PARAMS = {
    "kind": "ventilation",
    "performer": "realise_par",
    "team": "equipe",
    "center": "centre",
}


@register.filter
def drill_param(by: str) -> str:
    return _DRILL_PARAMS[by]
