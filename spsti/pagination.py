"""Keyset-free, count-free pagination: a national-scale list never runs COUNT(*)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from spsti.params import parse_int

# Beyond this, `?page=` is clamped: a huge number would overflow PostgreSQL's OFFSET (bigint),
# and no one pages through a million pages.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def paginate_request(request, queryset: QuerySet) -> Page:
    """The page the request's `?page=` asks for, at the portal's list size."""
    return paginate(queryset, request.GET.get("page"), settings.SPSTI_LIST_PAGE_SIZE)


def paginate(queryset: QuerySet, page_param: str | None, per_page: int) -> Page:
    """Fetch one page plus one row to know whether a next page exists (one query)."""
    number = max(1, parse_int(page_param, 1, max_value=MAX_PAGE, clamp=True))
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return Page(items=rows[:per_page], number=number, has_next=len(rows) > per_page)
