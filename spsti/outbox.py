"""The durable outbox (issue 12, item 4): every outgoing e-mail is a row first.

`queue_email(...)` writes the row inside the caller's transaction; when that transaction
commits, ONE task `spsti.tasks.send_outgoing_email(pk)` is queued. The task locks the row
(`SELECT ... FOR UPDATE SKIP LOCKED`), sends only a pending row and marks it sent in the same
transaction: a task delivered twice (acks_late, a worker lost, a retry) finds the row sent, or
locked by its twin, and sends nothing. A rollback takes the row away with the business change.

A business event that must mail once names an `idempotency_key` (unique in the table): the
second `queue_email` with the same key queues nothing. This replaces the Redis keys
(`spsti.mail.send_once`), which a Redis restart forgot.

Lost enqueues (the broker down at commit time) and failed sends are picked up by the beat job
`spsti.tasks.retry_outgoing_emails`: a pending row whose next attempt is due is queued again;
after MAX_ATTEMPTS failures it stays `failed`, for a person to look at.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from spsti.models import OutgoingEmail

MAX_ATTEMPTS = 5
LOST_AFTER = datetime.timedelta(minutes=5)  # a pending row this old was never picked up
RETRY_BATCH = 200
ERASED_BODY = "[Texte effacé après l'envoi : il contenait un lien personnel.]"
# Renderers of attachments live in the apps that own the documents, never anywhere else.
RENDERER_PREFIXES = ("accounts.", "adherents.", "prevention.", "suivi_sante.", "spsti.")


def backoff(attempts: int) -> datetime.timedelta:
    """Wait before the next attempt: 2, 4, 8, 16 minutes..."""
    return datetime.timedelta(minutes=2**attempts)


def attachment(renderer: str, **params) -> dict:
    """An attachment rendered when sending: `renderer` is the dotted path of a function
    `(**params) -> (filename, content, mimetype)`."""
    if not renderer.startswith(RENDERER_PREFIXES):
        raise ValueError(f"Unknown attachment renderer: {renderer}")
    return {"renderer": renderer, "params": params}


def queue_email(
    *,
    kind: str,
    to: Sequence[str],
    subject: str,
    body: str,
    related: models.Model | None = None,
    key: str | None = None,
    audience: str = OutgoingEmail.Audience.MEMBER,
    html_body: str = "",
    attachments: Iterable[dict] = (),
    erase_body_once_sent: bool = False,
) -> OutgoingEmail | None:
    """Write one e-mail in the outbox, sent once the current transaction commits.

    Returns the row, or None when nothing is queued: no recipient, or `key` already queued
    (the same business event, seen again). Must be called inside the business transaction so
    that a rollback takes the mail away too.
    """
    recipients = list(
        dict.fromkeys(address.strip() for address in to if address and address.strip())
    )
    if not recipients:
        return None
    row = OutgoingEmail(
        kind=kind,
        audience=audience,
        to=recipients,
        subject=" ".join(subject.split())[:998],
        body=body,
        html_body=html_body,
        attachments=list(attachments),
        erase_body_once_sent=erase_body_once_sent,
        idempotency_key=key or None,
        next_attempt_at=timezone.now() + LOST_AFTER,
    )
    if related is not None:
        row.content_type = ContentType.objects.get_for_model(related, for_concrete_model=False)
        row.object_id = related.pk
    if key:
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction goes on
                row.save()
        except IntegrityError:
            if OutgoingEmail.objects.filter(idempotency_key=key).exists():
                return None
            raise
    else:
        row.save()
    transaction.on_commit(partial(enqueue, row.pk))
    return row


def already_queued(key: str) -> bool:
    return OutgoingEmail.objects.filter(idempotency_key=key).exists()


def enqueue(pk: int) -> None:
    """Queue the sending task; a broker down here is caught up by the beat job."""
    from spsti import tasks

    try:
        tasks.send_outgoing_email.delay(pk)
    except Exception:  # noqa: BLE001 - the row stays pending: retry_outgoing_emails sends it
        import logging

        logging.getLogger(__name__).warning("outbox: enqueue of %s failed", pk, exc_info=True)


def _message(row: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(row.to),
        headers={"X-SPSTI-Outbox": str(row.pk)},
    )
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    for item in row.attachments:
        render = import_string(attachment(item["renderer"])["renderer"])
        message.attach(*render(**item.get("params", {})))
    return message


def send(pk: int) -> bool:
    """Send the row if it is still pending and its turn came; True when this call sent it.

    The row stays locked from the check to the `sent` mark, in one transaction: a twin task
    skips it (SKIP LOCKED), and a crash before the commit leaves it pending for a retry.
    """
    with transaction.atomic():
        row = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if row is None:
            return False  # sent already, failed for good, or being sent by a twin
        try:
            with transaction.atomic():  # a renderer's database error leaves the lock usable
                _message(row).send()
        except Exception as error:  # noqa: BLE001 - recorded on the row, retried by beat
            row.attempts += 1
            row.last_error = f"{type(error).__name__}: {error}"[:2000]
            if row.attempts >= MAX_ATTEMPTS:
                row.status = OutgoingEmail.Status.FAILED
                row.next_attempt_at = None
            else:
                row.next_attempt_at = timezone.now() + backoff(row.attempts)
            row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return False
        row.status, row.sent_at = OutgoingEmail.Status.SENT, timezone.now()
        row.attempts += 1
        row.next_attempt_at = None
        fields = ["status", "sent_at", "attempts", "next_attempt_at"]
        if row.erase_body_once_sent:
            row.body, row.html_body = ERASED_BODY, ""
            fields += ["body", "html_body"]
        row.save(update_fields=fields)
        return True


def due_for_retry(now: datetime.datetime | None = None) -> list[int]:
    """Pending rows whose next attempt is due: enqueues lost, sends failed for a while."""
    now = now or timezone.now()
    return list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:RETRY_BATCH]
    )


def sent_for(obj: models.Model, *, portal: bool = False, limit: int = 50) -> list[OutgoingEmail]:
    """The e-mails queued about one object, newest first, in one query.

    On the portal (`portal=True`) only the mails sent to the member itself are listed: never
    the service's internal ones, nor a convocation sent to the worker alone (L4624-8 secrecy).
    Bodies are not loaded: the page shows date, recipients, subject and status.
    """
    rows = OutgoingEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
    ).only("to", "subject", "status", "created_at", "sent_at", "attempts", "audience")
    if portal:
        rows = rows.filter(audience=OutgoingEmail.Audience.MEMBER)
    return list(rows.order_by("-created_at", "-pk")[:limit])
