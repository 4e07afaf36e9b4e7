"""`{{ role|role_label }}`: a staff role as French words inside a sentence (settings builtins)."""

from __future__ import annotations

from django import template

from accounts.enums import StaffRole

register = template.Library()


@register.filter
def role_label(value) -> str:
    """A staff role's French label inside a sentence: "physician" -> "médecin du travail"."""
    try:
        label = str(StaffRole(value).label)
    except ValueError:
        return str(value)
    if label[:2].isupper():  # an acronym: IPRP
        return label
    return label[0].lower() + label[1:]
