"""Template helpers of the quality pages."""

from django import template

register = template.Library()


@register.filter
def figure(figures: dict, code: str) -> str:
    """The live value of a portal figure an evidence points to."""
    return figures.get(code, "") if figures else ""
