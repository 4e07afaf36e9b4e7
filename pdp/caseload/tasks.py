"""Celery tasks of the caseload area: the coordinators' weekly digest."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def send_weekly_digests() -> int:
    """Mondays: each centre's cell coordinator gets the week's load (once per ISO week)."""
    from django.utils import timezone

    from pdp.caseload import services
    from pdp.models import CellMember

    today = timezone.localdate()
    coordinators = CellMember.objects.active().filter(is_coordinator=True).select_related("user")
    return sum(services.send_weekly_digest(coordinator=c, today=today) for c in coordinators)
