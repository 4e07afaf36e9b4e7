"""The read receipt of a document mailed to the member (seed 002: « accusé de lecture »), one
writer for both: the visit's letter (prevention.visits) and the FE version sent
(prevention.fiche). The figures read from them are in selectors_reading."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from accounts.context import AccessContext
from adherents import perms as member_perms


def counts_as_read(request: HttpRequest) -> bool:
    """An opening in the portal that is a read: a GET (a HEAD probe, a mail scanner's, is not)
    by a person of the member (a firm acting for it is not its reader)."""
    return request.method == "GET" and not request.ctx.via_firm


def record_first_read(
    *,
    actor: AccessContext,
    code: str,
    documents: models.QuerySet,
    pk: int,
    receipts: type[models.Model],
    document_field: str,
) -> models.Model:
    """The document's receipt, written at its first opening by a person of the member, then
    never changed: the later openings return it as it is. `documents`: those that can be read
    (sent); `receipts`: the receipt model, one to one with the document by `document_field`.
    The staff never reach it (PermissionDenied), another member's person gets the view's 404,
    a firm acting for the member is not its reader (PermissionDenied)."""
    member_perms.require_portal(actor, code)
    if actor.via_firm:
        raise PermissionDenied
    document = member_perms.visible(documents, actor, pk)
    # First read only: get_or_create inserts in a savepoint, and a reader at the same instant
    # meets the unique document key and reads the row the first one wrote.
    receipt, _ = receipts.objects.get_or_create(
        **{document_field: document},
        defaults={"read_at": timezone.now(), "read_by": actor.user},
    )
    return receipt
