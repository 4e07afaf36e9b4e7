"""Reads of individual follow-up reused by views, dashboards and other apps."""

from django.db.models import QuerySet

from suivi_sante.models import Worker


def workers_for(ctx, *, search: str = "") -> QuerySet[Worker]:
    """Workers visible in this context, with their member, for a list (no medical data)."""
    qs = Worker.objects.visible_to(ctx).select_related("adherent")
    if search:
        qs = qs.filter(last_name__istartswith=search)
    return qs.order_by("last_name", "first_name", "pk")


def worker_count(ctx) -> int:
    return Worker.objects.visible_to(ctx).count()
