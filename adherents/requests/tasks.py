"""Celery tasks of the membership area: requests (notices of answers, the daily digest).

Thin and idempotent (acks_late may deliver twice): each e-mail is queued in the outbox once
per message, per referral, or per assignee and day (its key, spsti.outbox).
"""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_member_of_answer(message_id: int) -> int:
    """Tell the member's people that the service answered their request."""
    from adherents.requests import services_mail as requests_mail

    return requests_mail.send_member_answer_notice(message_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_partner_answer(referral_id: int, message_id: int) -> int:
    """Tell the assignee, and the member, that a partner answered through its link."""
    from adherents.requests import services_mail as requests_mail

    return requests_mail.send_partner_answer_notices(referral_id, message_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_request_digests() -> int:
    """Daily: each assignee's late requests and overdue partner referrals, once per day."""
    from adherents.requests import services_mail as requests_mail

    return requests_mail.send_digests()
