"""Celery tasks of the membership area: billing (the yearly call for cotisations, reminders).

Thin and idempotent (acks_late may deliver twice): a member already invoiced for the year is
skipped, a reminder level already written is not sent again.
"""

from __future__ import annotations

import datetime

from celery import chord, shared_task

CHUNK_SIZE = 200


def _actor(user_id: int, center_id: int | None = None):
    """The staff member who launched the call, with the rights they hold today in that centre:
    the services check them (a member left in the call, or a role since withdrawn, is refused)."""
    from accounts.context import CENTER_SESSION_KEY, build_context
    from accounts.models import User

    session = {CENTER_SESSION_KEY: center_id} if center_id else {}
    return build_context(User.objects.get(pk=user_id), session, mfa_passed=True)


@shared_task(acks_late=True)
def issue_cotisation_chunk(
    adherent_ids: list[int], year: int, actor_id: int, issued_on: str, center_id: int | None = None
):
    """Issue the cotisation of these members (each in its own transaction); a summary dict."""
    from adherents.billing import services as billing

    return billing.issue_cotisations_for(
        adherent_ids,
        year=year,
        actor=_actor(actor_id, center_id),
        issued_on=datetime.date.fromisoformat(issued_on),
    )


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def report_cotisation_batch(summaries: list[dict], year: int, actor_id: int) -> dict:
    """Add up the chunks' summaries and mail them to the staff member who launched the call."""
    from django.conf import settings
    from django.template.loader import render_to_string

    from accounts.models import User
    from spsti import outbox

    total = {"issued": 0, "already": 0, "refused": []}
    for summary in summaries:
        total["issued"] += summary["issued"]
        total["already"] += summary["already"]
        total["refused"] += summary["refused"]
    user = User.objects.get(pk=actor_id)
    if user.email:
        context = {"summary": total, "year": year, "service_name": settings.SPSTI_SERVICE_NAME}
        # One summary per launch: the chord's callback delivered twice queues it once.
        task_id = report_cotisation_batch.request.id
        outbox.queue_email(
            kind="adherents.billing.batch_summary",
            audience="staff",
            to=[user.email],
            subject=f"Appel de cotisations {year} terminé",
            body=render_to_string("adherents/billing/email_batch_summary.txt", context),
            key=f"adherents:cotisation-batch:{task_id}" if task_id else None,
        )
    return total


@shared_task(acks_late=True)
def issue_cotisations(
    year: int, center_id: int, actor_id: int, issued_on: str, chunk_size: int = CHUNK_SIZE
) -> int:
    """The call for cotisations of a year over the centre's active members: chunks of 200
    members read by keyset, then a summary mailed to the launcher. Returns the chunk count."""
    from accounts.models import Team
    from adherents.billing import selectors as selectors_billing

    team_ids = list(Team.objects.filter(center_id=center_id).values_list("pk", flat=True))
    chunks, after = [], 0
    while ids := selectors_billing.batch_member_ids(team_ids, after=after, limit=chunk_size):
        chunks.append(issue_cotisation_chunk.s(ids, year, actor_id, issued_on, center_id))
        after = ids[-1]
    if chunks:
        chord(chunks)(report_cotisation_batch.s(year, actor_id))
    return len(chunks)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invoice_reminders(today: str | None = None) -> dict:
    """Daily: the next reminder level of each unpaid invoice past due (SPSTI_REMINDER_DAYS)."""
    from django.utils import timezone

    from adherents.billing import services_payments as billing_payments

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return billing_payments.send_reminders(today=day)
