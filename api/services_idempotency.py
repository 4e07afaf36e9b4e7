"""`Idempotency-Key` on creations: the same key with the same body replays the first answer
(a retried call after a timeout creates nothing twice); with another body it is refused.

A key is remembered `settings.SPSTI_API_IDEMPOTENCY_HOURS` (24 h, the common practice of
payment APIs): older, it is forgotten, whether or not the nightly purge has run yet."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.response import Response

from api.errors import problem
from api.models import ApiToken, IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY = 255


def _hash(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def retention_start() -> datetime.datetime:
    """Keys created before this moment are forgotten."""
    return timezone.now() - datetime.timedelta(hours=settings.SPSTI_API_IDEMPOTENCY_HOURS)


def purge_expired_keys() -> int:
    """Delete the keys past their retention, in one statement; returns how many."""
    deleted, _ = IdempotentRequest.objects.filter(created_at__lt=retention_start()).delete()
    return deleted


def idempotent(request, create: Callable[[], Response]) -> Response:
    """Run `create` once per (token, key); without the header, simply run it."""
    key = request.headers.get(HEADER)
    if key is None:
        return create()
    token: ApiToken = request.auth
    if not key or len(key) > MAX_KEY or not key.isprintable():
        return problem(400, f"En-tête {HEADER} invalide : 1 à {MAX_KEY} caractères imprimables.")
    digest = _hash(request.data)
    # A key past its retention is forgotten here too: the answer does not depend on the purge.
    IdempotentRequest.objects.filter(
        token=token, key=key, created_at__lt=retention_start()
    ).delete()
    previous = IdempotentRequest.objects.filter(token=token, key=key).first()
    if previous is not None:
        if previous.request_hash != digest:
            return problem(
                422,
                f"Cette clé {HEADER} a déjà servi pour une autre requête : "
                "utilisez une nouvelle clé pour une nouvelle création.",
            )
        return Response(
            previous.body, status=previous.status_code, headers={"Idempotent-Replayed": "true"}
        )
    try:
        with transaction.atomic():
            response = create()
            if response.status_code < 300:
                IdempotentRequest.objects.create(
                    token=token,
                    key=key,
                    request_hash=digest,
                    status_code=response.status_code,
                    body=response.data,
                )
    except IntegrityError:
        # The same key sent twice at once: the other call created the row, this one undone.
        return problem(409, f"Une requête avec cette clé {HEADER} est déjà en cours : réessayez.")
    return response
