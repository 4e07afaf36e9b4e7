"""Template filters of the PDP pages."""

from django import template

from pdp.rules import measures

register = template.Library()


@register.filter
def legal_basis(kind: str) -> str:
    """The articles a measure kind rests on (rules.measures)."""
    try:
        return measures.legal_basis(kind)
    except KeyError:
        return ""
