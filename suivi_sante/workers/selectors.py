"""Reads of individual follow-up reused by views, dashboards and other apps."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from spsti.pagination import COUNT_CAP, capped_count
from suivi_sante.enums import FollowUpCategory
from suivi_sante.models import DueVisit, Employment, Worker, WorkerIdentityKey, WorkerNirKey
from suivi_sante.workers.models_duplicates import IS_GROUP

# A list's total is counted up to this many rows (a bounded COUNT over a LIMIT subquery):
# a member's or a team's workers are counted exactly, a whole centre says "plus de 10 000".
# Unfiltered, the count walks the index worker_live_adherent_idx only (no worker row read).
TOTAL_CAP = COUNT_CAP
# With filters (a name's start, a category, a site, a due visit, a contract), each counted row
# is read from the table or tested by a subquery: the total stops at 200 ("plus de 200 …
# correspondant aux filtres", four pages), a hint to narrow the search rather than a figure to
# read. The count reads about cap / selectivity rows of the scope: « ma » over a centre of 75,000
# workers, 13,000 rows and ≈ 7 ms for 1 000, a fifth for 200 (docs/mesures.md, bench of 2026-12-06).
FILTERED_TOTAL_CAP = 200
# The lists' order, paged by key (spsti.pagination): index worker_name_idx, or
# worker_category_name_idx with the category filter.
LIST_ORDER = ("last_name", "first_name", "pk")
# What a page of the two lists shows (their templates: name, birth date, category, member): a
# page reads only these columns of its 50 workers and their members, not the 26 + 12 columns of
# both models (≈ 2 ms of decoding and building instances a page on the large dataset).
LIST_COLUMNS = ("last_name", "first_name", "birth_date", "category", "adherent__name")
DUE_CHOICES = [
    ("a_prevoir", "Visite à prévoir"),
    ("en_retard", "Visite en retard"),
    ("aucune", "Aucune visite à prévoir"),
]
EMPLOYMENT_CHOICES = [("en_cours", "Contrat en cours"), ("termine", "Contrat terminé")]


@dataclass(frozen=True)
class WorkerFilters:
    """What a worker list is narrowed to; empty values filter nothing. Never the NIR."""

    search: str = ""  # start of the last name or first name ("dup", "dupont mar")
    establishment_id: int | None = None
    siret: str = ""
    category: str = ""  # SI, SIA, SIR
    due: str = ""  # a_prevoir, en_retard, aucune
    employment: str = ""  # en_cours, termine

    @property
    def active(self) -> bool:
        return any(
            (
                self.search,
                self.establishment_id,
                self.siret,
                self.category,
                self.due,
                self.employment,
            )
        )


def worker_list(ctx, *, search: str = "", filters: WorkerFilters | None = None) -> QuerySet[Worker]:
    """Workers visible in this context, with their member, for a list (no medical data)."""
    filters = filters or WorkerFilters(search=search)
    qs = Worker.objects.visible_to(ctx).filter(merged_into=None).select_related("adherent")
    return _filtered(ctx, qs, filters).order_by(*LIST_ORDER)


def _filtered(ctx, qs: QuerySet[Worker], filters: WorkerFilters) -> QuerySet[Worker]:
    if not filters.active:
        return qs  # the unfiltered list (every page of the API) builds no subquery
    today = timezone.localdate()
    for word in filters.search.split()[:3]:
        qs = qs.filter(Q(last_name__istartswith=word) | Q(first_name__istartswith=word))
    if filters.category in FollowUpCategory.values:
        qs = qs.filter(category=filters.category)
    employments = Employment.objects.filter(worker=OuterRef("pk"))
    if filters.establishment_id:
        employments = employments.filter(establishment_id=filters.establishment_id)
    if filters.siret:
        employments = employments.filter(establishment__siret=filters.siret)
    running = Q(end_on__isnull=True) | Q(end_on__gte=today)
    if filters.employment == "en_cours":
        qs = qs.filter(Exists(employments.filter(running)))
    elif filters.employment == "termine":
        qs = qs.filter(Exists(employments)).exclude(Exists(employments.filter(running)))
    elif filters.establishment_id or filters.siret:
        qs = qs.filter(Exists(employments))
    dues = DueVisit.objects.visible_to(ctx).filter(worker=OuterRef("pk"))
    if filters.due == "a_prevoir":
        qs = qs.filter(Exists(dues))
    elif filters.due == "en_retard":
        qs = qs.filter(Exists(dues.filter(due_on__lt=today)))
    elif filters.due == "aucune":
        qs = qs.exclude(Exists(dues))
    return qs


def total_cap(filters: WorkerFilters) -> int:
    return FILTERED_TOTAL_CAP if filters.active else TOTAL_CAP


def worker_total(queryset: QuerySet[Worker], cap: int = TOTAL_CAP) -> int:
    """The list's row count, counted at most to cap + 1 (one bounded query)."""
    return capped_count(queryset, cap)


def worker_count(ctx) -> int:
    """The centre's workers as the worker list counts them (the home's « salariés » card): the
    live records (a merged duplicate is not a second worker), up to TOTAL_CAP + 1, from
    worker_live_adherent_idx alone; the same statement as the list's total, so the two share
    its remembered "more than" (spsti.pagination). An exact COUNT of every record of a centre
    read 1.9 M index entries (0.5 to 0.9 s on the large dataset)."""
    return worker_total(worker_list(ctx))


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
    """Live workers of the same member sharing a NIR, or names and birth date (for staff).

    Read from the duplicate keys kept at write time (models_duplicates.py), not by grouping the
    scope's workers at each view (3.6 to 6.9 s over 3.3 M workers): the first ``limit`` NIRs
    shared in the scope by member then NIR, and the first ``limit`` identities by member, then
    lowercased names, then birth date, each from its partial index of the keys held twice or
    more; then their workers by primary key. Three queries whatever the number of workers.
    A worker of a listed shared NIR is shown in the NIR's group only (an identity group left
    with one worker is not shown); groups in the order of their first record (lowest id),
    workers by id, as the grouping did."""
    groups = WorkerNirKey.objects.visible_to(ctx).filter(IS_GROUP)
    nir_groups = list(
        groups.order_by("adherent_id", "nir").values_list("worker_ids", flat=True)[:limit]
    )
    identities = WorkerIdentityKey.objects.visible_to(ctx).filter(IS_GROUP)
    identity_groups = identities.order_by(
        "adherent_id", "last_name", "first_name", "birth_date"
    ).values_list("worker_ids", flat=True)[:limit]
    in_nir_groups = {pk for ids in nir_groups for pk in ids}
    wanted = [sorted(ids) for ids in nir_groups]
    wanted += [sorted(set(ids) - in_nir_groups) for ids in identity_groups]
    ids = [pk for group in wanted if len(group) > 1 for pk in group]
    found = (
        Worker.objects.visible_to(ctx)
        .filter(merged_into=None)
        .select_related("adherent")
        .in_bulk(ids)
        if ids
        else {}
    )
    shown = ([found[pk] for pk in group if pk in found] for group in sorted(wanted))
    return [group for group in shown if len(group) > 1]
