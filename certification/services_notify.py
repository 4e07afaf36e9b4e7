"""Who hears of the quality system's alerts: the centre's quality managers and direction."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from accounts.enums import StaffRole
from spsti import outbox
from spsti.models import OutgoingEmail


def quality_recipients(center_id: int, *, with_direction: bool = False) -> list[str]:
    roles = [StaffRole.QUALITY] + ([StaffRole.DIRECTION] if with_direction else [])
    return sorted(
        get_user_model()
        .objects.filter(
            staff_assignments__center_id=center_id,
            staff_assignments__role__in=roles,
            staff_assignments__ended_on__isnull=True,
            is_active=True,
        )
        .values_list("email", flat=True)
        .distinct()
    )


def alert(
    center_id: int, *, subject: str, body: str, key: str, with_direction=False, related=None
) -> bool:
    """Queue one mail to the centre's quality managers (and direction) per key, in the outbox
    (sent after commit; the key, unique in the database, makes a second run queue nothing)."""
    recipients = quality_recipients(center_id, with_direction=with_direction)
    queued = outbox.queue_email(
        kind="certification.alert",
        to=recipients,
        subject=subject,
        body=body,
        related=related,
        key=key,
        audience=OutgoingEmail.Audience.STAFF,
    )
    return queued is not None
