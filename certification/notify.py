"""Who hears of the quality system's alerts: the centre's quality managers and direction."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage

from accounts.enums import StaffRole
from spsti.mail import send_once


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


def alert(center_id: int, *, subject: str, body: str, key: str, with_direction=False) -> bool:
    """Mail the centre's quality managers (and direction) once per key."""
    recipients = quality_recipients(center_id, with_direction=with_direction)
    if not recipients:
        return False
    return send_once(
        EmailMessage(subject=subject, body=body, to=recipients), key=key, ttl=40 * 24 * 3600
    )
