"""Celery tasks of the membership area: events (meetings, satisfaction surveys).

Thin and idempotent (acks_late may deliver twice): confirmations and cancellation notices are
queued once per outbox key (spsti.outbox); survey invitations are unique per person and session
(DB constraint) or per person, member and year (checked under a lock on the member).
"""

from __future__ import annotations

from celery import group, shared_task

CHUNK_SIZE = 200
RETRY = {"acks_late": True, "autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def send_registration_confirmation(registration_id: int) -> int:
    """Confirm a meeting registration to the registered person."""
    from adherents.events import services as events

    return events.send_registration_confirmation(registration_id)


@shared_task(**RETRY)
def notify_session_cancelled(session_id: int) -> int:
    """Tell the people registered to a cancelled session."""
    from adherents.events import services as events

    return events.send_cancellation_notices(session_id)


@shared_task(**RETRY)
def invite_session_attendees(survey_id: int, session_id: int) -> int:
    """Invite each person noted present at a session to answer an event survey (once each)."""
    from adherents.events import services_surveys as events_surveys

    return events_surveys.invite_session_attendees(survey_id, session_id)


@shared_task(**RETRY)
def invite_after_visit(adherent_id: int, context_label: str) -> int:
    """Invite a member's admins to the satisfaction survey that follows a visit (once each)."""
    from adherents.events import services_surveys as events_surveys

    return events_surveys.invite_after_visit(adherent_id, context_label)


@shared_task(**RETRY)
def send_yearly_survey_chunk(survey_id: int, adherent_ids: list[int], year: int) -> int:
    """Invite the admins of these members to the yearly survey of `year`; returns how many."""
    from adherents.events import services_surveys as events_surveys

    return events_surveys.send_yearly_invitations(
        survey_id=survey_id, adherent_ids=adherent_ids, year=year
    )


@shared_task(bind=True, acks_late=True)
def send_yearly_survey(self, survey_id: int, center_id: int, year: int) -> int:
    """Fan out the yearly survey to the active members of a centre, in chunks read by keyset.

    Returns the number of chunks; running it twice in a year invites nobody twice.
    """
    from adherents.events import selectors as selectors_events

    chunks = []
    after = 0
    while ids := selectors_events.yearly_member_ids(center_id, after, limit=CHUNK_SIZE):
        chunks.append(send_yearly_survey_chunk.s(survey_id, ids, year))
        after = ids[-1]
    if chunks:
        queue = (self.request.delivery_info or {}).get("routing_key")
        group(chunks).apply_async(**({"queue": queue} if queue else {}))
    return len(chunks)
