"""Who hears of the quality system's alerts: the centre's quality managers and direction."""

from __future__ import annotations

from accounts.enums import StaffRole
from accounts.models import StaffAssignment
from spsti import outbox
from spsti.models import OutgoingEmail


def quality_recipients(center_id: int, *, with_direction: bool = False) -> list[str]:
    roles = [StaffRole.QUALITY] + ([StaffRole.DIRECTION] if with_direction else [])
    return StaffAssignment.objects.in_post().filter(center_id=center_id, role__in=roles).emails()


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
