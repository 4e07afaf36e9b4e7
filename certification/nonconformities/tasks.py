"""Celery tasks of the non-conformity register: escalation of late ones."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def escalate_late_nonconformities() -> int:
    """Late open NCs: minor becomes major (stand-in rule, TO VERIFY); quality and direction
    are told once per non-conformity."""
    from certification import services_notify as notify
    from certification.nonconformities import services
    from certification.nonconformities.models import NonConformity

    today = timezone.localdate()
    ids = services.escalate_late(today=today)
    for nc in NonConformity.objects.filter(pk__in=ids):
        notify.alert(
            nc.center_id,
            subject=f"{nc.reference} en retard",
            body=(
                f"{nc.reference} « {nc.title} » devait être soldée le {nc.due_on:%d/%m/%Y}. "
                "Elle est désormais majeure (règle de substitution, à confirmer)."
            ),
            key=f"certification:nc-late:{nc.pk}",
            with_direction=True,
        )
    return len(ids)
