"""French typography in templates, loaded everywhere (settings TEMPLATES "builtins").

`{{ adherent.name|de }}` writes "de Boulangerie Martin" or "d'Elec Dupont": the preposition is
elided before a vowel or a mute h; `réponse{{ n|pluriel }}`, `né{{ worker|feminin }}`. Staff
roles as words: accounts/templatetags/staff_roles.py (`|role_label`).
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from spsti.french import elides, euros, is_plural, iso_to_fr

register = template.Library()


@register.filter(name="de", needs_autoescape=True)
def de(value, autoescape: bool = True) -> str:
    """`{{ name|de }}`: "de Martin", "d'Elec", "d'Hélène" (escaped)."""
    escape = conditional_escape if autoescape else str
    text = str(value)
    prefix = "d'" if elides(text) else "de "
    return mark_safe(prefix + escape(value))  # noqa: S308 - the value is escaped above


register.filter("elide", de, needs_autoescape=True)


@register.filter
def pluriel(value, suffix: str = "s") -> str:
    """`réponse{{ n|pluriel }}`: French plural, from 2 on ("0 réponse", "1 réponse", "2 réponses");
    a list or queryset counts its items. `{{ n|pluriel:"x" }}` for "travaux"-like words."""
    try:
        count = value if isinstance(value, int | float) else len(value)
    except TypeError:
        try:
            count = float(value)
        except (TypeError, ValueError):
            return ""
    return suffix if is_plural(count) else ""


@register.filter
def feminin(person, suffix: str = "e") -> str:
    """`né{{ worker|feminin }}`: the feminine ending when the person's sex is known as F."""
    return suffix if getattr(person, "sex", "") == "F" else ""


@register.filter(name="euros")
def euros_filter(value) -> str:
    """`{{ amount|euros }}`: "1 234,56 €"."""
    return euros(value)


@register.filter
def date_fr(value) -> str:
    """`{{ iso_text|date_fr }}`: a date kept as ISO text (JSON) shown as 15/01/2026."""
    return iso_to_fr(value)
