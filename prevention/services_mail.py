"""The e-mails prevention sends a member with a frozen document attached: the FE transmitted
(R4624-48) and the prevention visit's letter (seed 002). One way to pick the recipients, render
the body and queue the mail in the transaction that freezes the document (spsti.outbox sends it
after the commit; its row is the proof of sending).

The mail links to the document's own page in the portal, not to a tracking pixel: its first
opening there by a person of the member is the read receipt (seed 002: « accusé de lecture »),
without reading anything from the member's mail client."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string

from adherents.members.selectors import member_emails
from adherents.models import Establishment
from spsti import outbox


def queue_document_mail(
    *,
    establishment: Establishment,
    roles: Iterable[str],
    kind: str,
    subject: str,
    template: str,
    context: dict,
    related: models.Model,
    key: str,
    attachment: dict,
    portal_path: str,
) -> bool:
    """Mail the people of the establishment's member holding ``roles`` (once per ``key``):
    ``template`` rendered with ``context``, the establishment, its member, the link to the
    document in the portal (``portal_path``) and the service's name. False when the member has
    nobody to write to."""
    adherent = establishment.adherent
    emails = member_emails([adherent.pk], list(roles)).get(adherent.pk, [])
    context = {
        "establishment": establishment,
        "adherent": adherent,
        "url": settings.SPSTI_SITE_URL + portal_path,
        "service_name": settings.SPSTI_SERVICE_NAME,
        **context,
    }
    queued = outbox.queue_email(
        kind=kind,
        subject=subject,
        body=render_to_string(template, context),
        to=emails,
        related=related,
        key=key,
        attachments=[attachment],
    )
    return queued is not None
