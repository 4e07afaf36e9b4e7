"""Template tags that show the follow-up as the reader's audience may read it (disclosure.py).

They read the access context ``ctx`` of the page; without one (a PDF, an e-mail) they give the
neutral wording, the one for the employer.
"""

from __future__ import annotations

from django import template

from suivi_sante import perms
from suivi_sante import perms_disclosure as disclosure

register = template.Library()


def _health(context: template.Context) -> bool:
    return perms.sees_health_reasons(context.get("ctx"))


@register.simple_tag(takes_context=True)
def sees_health_reasons(context: template.Context) -> bool:
    """Whether the reader is one of the worker's health professionals."""
    return _health(context)


@register.simple_tag(takes_context=True)
def due_reason(context: template.Context, due) -> str:
    """Why this visit is due, in the words the reader may read."""
    return disclosure.due_reason(due, health=_health(context))


@register.simple_tag(takes_context=True)
def visit_reason(context: template.Context, visit) -> str:
    """Why this booked visit is held, in the words the reader may read."""
    return disclosure.visit_reason(visit, health=_health(context))


@register.simple_tag(takes_context=True)
def category_details(context: template.Context, worker) -> list[str]:
    """The lines explaining the worker's category, for health professionals only."""
    return disclosure.category_details(worker, health=_health(context))
