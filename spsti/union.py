"""A list made of several value querysets read in one order (a UNION ALL), cut at the page.

PostgreSQL plans each branch of a UNION ALL whose branches join other tables as a separate
subquery, without the outer ORDER BY and LIMIT: every branch is read whole, joined, then
sorted to keep one page (the dashboards' list of late visits and deadlines still due: 170,000
rows joined and sorted for 51, 0.9 s on the large dataset). Ordered and cut inside each branch,
each is a walk of the index of its order that stops at the window's end (5 ms), and the outer
sort merges a few rows.

`OrderedUnion` does that at the moment the list is sliced: a page `[o:o + n]` reads at most
`o + n` rows of each branch, in the union's order, then keeps the window. A deep page still
reads the rows before it, once per branch (an OFFSET): fine for lists browsed by their first
pages and exported, not for a list paged to its end. It quacks like the queryset it replaces
where the lists use one: slicing, iteration, `iterator()`, `count()`, `using()`.

Each branch must be a `values()` queryset with the same names in the same order, and the order's
keys must be among them; the last key must make the order total (a pk, with a branch marker
before it when the branches' pks may collide).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.conf import settings
from django.db.models import QuerySet

from spsti.pagination import (
    AFTER,
    BEFORE,
    KEYSET_OFFSET_PAGES,
    MAX_PAGE,
    Page,
    _from_key,
    _keyset_page,
    paginate,
)
from spsti.params import parse_int


class OrderedUnion:
    def __init__(
        self, branches: Sequence[QuerySet], order: Sequence[str], window: slice = slice(None)
    ):
        if not branches:
            raise ValueError("A union needs one branch at least.")
        self.branches = tuple(branches)
        self.order = tuple(order)
        self.window = window

    def using(self, alias: str | None) -> OrderedUnion:
        return OrderedUnion([b.using(alias) for b in self.branches], self.order, self.window)

    def __getitem__(self, key: slice) -> OrderedUnion:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("An ordered union is sliced by a window (no step, no index).")
        start, stop = self.window.start or 0, self.window.stop
        new_start = start + (key.start or 0)
        new_stop = None if key.stop is None else start + key.stop
        if stop is not None:
            new_start = min(new_start, stop)
            new_stop = stop if new_stop is None else min(new_stop, stop)
        return OrderedUnion(self.branches, self.order, slice(new_start, new_stop))

    def query(self) -> QuerySet:
        """One statement: each branch in the order and cut at the window's end, then the union
        in the order, cut to the window."""
        branches = [b.order_by(*self.order) for b in self.branches]
        if len(branches) == 1:  # no union: the branch itself, in the order, cut to the window
            return branches[0][self.window]
        if self.window.stop is not None:
            branches = [b[: self.window.stop] for b in branches]
        union = branches[0].union(*branches[1:], all=True).order_by(*self.order)
        return union[self.window]

    def __iter__(self) -> Iterator:
        return iter(self.query())

    def iterator(self, chunk_size: int = 2000) -> Iterator:
        return self.query().iterator(chunk_size=chunk_size)

    def count(self) -> int:
        """The rows of the window (every branch counted, without reading its rows)."""
        total = sum(b.order_by().count() for b in self.branches)
        start = min(self.window.start or 0, total)
        stop = total if self.window.stop is None else min(self.window.stop, total)
        return max(stop - start, 0)

    # No __len__: list() would call it for a length hint, counting every branch whole before
    # reading a page.


# --- pages by key -----------------------------------------------------------------------------

BIGINT_MAX = 2**63 - 1


def paginate_union_request(request, union: OrderedUnion) -> Page:
    """The page of `union` the request asks for, as `paginate_keyset_request` pages a queryset:
    `?page=` (an OFFSET) for the first KEYSET_OFFSET_PAGES, then « Page suivante / précédente »
    links carrying the last (first) row's cursor, so that page 20,000 reads one page per branch.

    A cursor names a row by the order's last two keys, its branch marker and its id
    (`?apres=1.4521`); it is looked up in the union itself, with its scope and filters: a row
    that is not in the list (another centre's, filtered out, made up) is ignored, and the page
    `?page=` names is shown instead."""
    per_page = settings.SPSTI_LIST_PAGE_SIZE
    after, before = _cursor(request.GET.get(AFTER)), _cursor(request.GET.get(BEFORE))
    forward = after is not None
    anchor = _key(union, after if forward else before)
    if anchor is None:
        page = paginate(union, request.GET.get("page"), per_page, max_page=KEYSET_OFFSET_PAGES)
        return _page(union, page.items, page.number, page.has_next, None)
    number = max(1, parse_int(request.GET.get("page"), 2, max_value=MAX_PAGE, clamp=True))
    if forward:
        rows = list(_beyond(union, anchor, ">")[: per_page + 1])
        return _page(union, rows[:per_page], number, len(rows) > per_page, True)
    rows = list(_beyond(union, anchor, "<")[: per_page + 1])
    has_previous = len(rows) > per_page
    return _page(union, rows[:per_page][::-1], number if has_previous else 1, True, has_previous)


def _cursor(value) -> tuple[int, int] | None:
    marker, _, pk = str(value or "").partition(".")
    marker, pk = parse_int(marker), parse_int(pk, max_value=BIGINT_MAX)
    return None if marker is None or pk is None else (marker, pk)


def _key(union: OrderedUnion, cursor: tuple[int, int] | None) -> tuple | None:
    """The order's values of the row the cursor names, if the union holds it (one query)."""
    if cursor is None:
        return None
    *_, marker, last = union.order
    found = OrderedUnion(
        [b.filter(**{marker: cursor[0], last: cursor[1]}) for b in union.branches], union.order
    )[:1]
    rows = list(found)
    return None if not rows else tuple(rows[0][name] for name in union.order)


def _beyond(union: OrderedUnion, anchor: tuple, operator: str) -> OrderedUnion:
    """The rows after (">") or before ("<") the anchor, nearest first: each branch filtered as
    a keyset page filters its queryset (spsti.pagination._from_key)."""
    branches = [_from_key(b, union.order, operator, anchor) for b in union.branches]
    order = union.order if operator == ">" else tuple(f"-{name}" for name in union.order)
    return OrderedUnion(branches, order)


def _page(union: OrderedUnion, items: list, number: int, has_next: bool, has_previous) -> Page:
    """A keyset page whose cursors name a row by its branch marker and id (`1.4521`)."""
    *_, marker, last = union.order
    return _keyset_page(
        items, number, has_next, has_previous, cursor=lambda row: f"{row[marker]}.{row[last]}"
    )
