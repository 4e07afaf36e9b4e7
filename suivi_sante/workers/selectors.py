"""Reads of individual follow-up reused by views, dashboards and other apps."""

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower

from suivi_sante.models import DueVisit, Employment, Worker


def worker_list(ctx, *, search: str = "") -> QuerySet[Worker]:
    """Workers visible in this context, with their member, for a list (no medical data)."""
    qs = Worker.objects.visible_to(ctx).filter(merged_into=None).select_related("adherent")
    if search:
        qs = qs.filter(last_name__istartswith=search)
    return qs.order_by("last_name", "first_name", "pk")


def worker_count(ctx) -> int:
    return Worker.objects.visible_to(ctx).count()


def worker_detail(ctx, pk: int) -> Worker:
    """One worker in scope (404 otherwise) with member and team, for the detail pages."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Worker.objects.visible_to(ctx).select_related("adherent__team", "merged_into"), pk=pk
    )


def employments_of(worker: Worker) -> QuerySet[Employment]:
    return worker.employments.select_related("establishment").order_by("-start_on")


def due_visits_of(ctx, worker: Worker) -> QuerySet[DueVisit]:
    # The worker rides along: the neutral wording names its category (disclosure.py).
    return (
        DueVisit.objects.visible_to(ctx)
        .filter(worker=worker)
        .select_related("worker")
        .order_by("due_on", "kind")
    )


def duplicate_groups(ctx, *, limit: int = 50) -> list[list[Worker]]:
    """Live workers of the same member sharing a NIR, or names and birth date (for staff)."""
    base = Worker.objects.visible_to(ctx).filter(merged_into=None)
    nir_keys = list(
        base.exclude(nir="")
        .values("adherent_id", "nir")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("adherent_id", "nir")[:limit]
    )
    identity_keys = list(
        base.annotate(ln=Lower("last_name"), fn=Lower("first_name"))
        .values("adherent_id", "ln", "fn", "birth_date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("adherent_id", "ln", "fn")[:limit]
    )
    wanted = Q(pk__in=[])
    for key in nir_keys:
        wanted |= Q(adherent_id=key["adherent_id"], nir=key["nir"])
    for key in identity_keys:
        wanted |= Q(
            adherent_id=key["adherent_id"],
            last_name__iexact=key["ln"],
            first_name__iexact=key["fn"],
            birth_date=key["birth_date"],
        )
    shared_nirs = {(k["adherent_id"], k["nir"]) for k in nir_keys}
    groups: dict[tuple, list[Worker]] = {}
    for worker in base.filter(wanted).select_related("adherent").order_by("pk"):
        if (worker.adherent_id, worker.nir) in shared_nirs:
            key: tuple = ("nir", worker.adherent_id, worker.nir)
        else:
            key = (
                "identity",
                worker.adherent_id,
                worker.last_name.lower(),
                worker.first_name.lower(),
                worker.birth_date,
            )
        groups.setdefault(key, []).append(worker)
    return [group for group in groups.values() if len(group) > 1]
