"""French typography in templates, loaded everywhere (settings TEMPLATES "builtins").

`{{ adherent.name|de }}` writes "de Boulangerie Martin" or "d'Elec Dupont": the preposition is
elided before a vowel or a mute h; `réponse{{ n|pluriel }}`, `né{{ worker|feminin }}`. Staff
roles as words: accounts/templatetags/staff_roles.py (`|role_label`).

Formats (issue 17): amounts `{{ x|euros }}` ("2 954,00 €"), dates `{{ d|date:"d/m/Y" }}` (prose:
`|date:"j F Y"`, "5 décembre 2026"), times `|date:"H:i"` ("14:30"), ISO text `{{ s|date_fr }}`.
Python messages use spsti.french.euros and spsti.french.date_fr.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from spsti.french import date_fr as french_date
from spsti.french import elides, euros, is_plural

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
    """`{{ amount|euros }}`: "1 234,56 €" (no-break spaces), the one way an amount is shown
    (spsti.french.euros, also for Python messages); "—" when there is none."""
    return euros(value)


@register.filter
def date_fr(value) -> str:
    """`{{ iso_text|date_fr }}`: a date kept as ISO text (JSON) shown as 15/01/2026. A date
    object reads the same with `|date:"d/m/Y"` (times: `|date:"d/m/Y à H:i"`)."""
    return french_date(value)
