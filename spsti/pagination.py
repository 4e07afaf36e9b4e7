"""Count-free pagination: a national-scale list never runs COUNT(*) over its scope.

Two ways to page, the same `Page` for the template (includes/pagination.html):

- `paginate_request`: `?page=N`, an OFFSET. Fine for short lists (a member's workers, a team's
  protocols); a deep page of a centre-wide list reads and drops every row before it.
- `paginate_keyset_request`: the first pages by `?page=` (up to KEYSET_OFFSET_PAGES), then
  « Page suivante / précédente » links carrying the key of the last (first) row shown:
  `?apres=<pk>` / `?avant=<pk>`. The list's query starts at that key through the index of its
  order, so page 2 and page 20,000 cost the same. The key is looked up by pk in the list's own
  queryset (scope and filters applied): a row of another centre, deleted or filtered out, or a
  hostile value, is ignored (the page `?page=` names, else the first): never an error, nor a
  glimpse of where the other row would sit.

`capped_count` counts a list up to a cap (one bounded query), for "Plus de 10 000" totals; a
count that reaches its cap is remembered for a few minutes (CAPPED_COUNT_TTL_S).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, Expression, F, QuerySet, Value
from django.db.models.query import ModelIterable

from spsti.params import parse_int

# Beyond this, `?page=` is clamped: a huge number would overflow PostgreSQL's OFFSET (bigint),
# and no one pages through a million pages.
MAX_PAGE = 1_000_000
# On a keyset list, `?page=` (an OFFSET) is honoured up to this page; further pages are reached
# by the cursor links, and a larger `?page=` shows this page.
KEYSET_OFFSET_PAGES = 20
# A list's total is counted up to this many rows: beyond, the page says "Plus de 10 000".
COUNT_CAP = 10_000
# A count that reached its cap ("Plus de 10 000", "Plus de 200 … correspondant aux filtres") is
# remembered this long for the same statement (same scope, same filters: the statement holds
# them), so that a centre's list does not count 10,001 rows again on every page (≈ 2 to 3 ms of
# a 15 ms page on the large dataset). Counts under the cap are always counted: an exact total
# is always current; "more than" may outlive, for this long, a scope that shrank below it.
CAPPED_COUNT_TTL_S = 300
AFTER, BEFORE = "apres", "avant"


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    has_next: bool
    has_previous_page: bool | None = None  # None: page number > 1
    # The query-string changes of the links (None removes a parameter), for {% querystring %}.
    next_params: dict = field(default_factory=dict)
    previous_params: dict = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        if self.has_previous_page is None:
            return self.number > 1
        return self.has_previous_page


def paginate_request(request, queryset: QuerySet) -> Page:
    """The page the request's `?page=` asks for, at the portal's list size."""
    return paginate(queryset, request.GET.get("page"), settings.SPSTI_LIST_PAGE_SIZE)


def paginate(
    queryset: QuerySet,
    page_param: str | None,
    per_page: int,
    *,
    max_page: int = MAX_PAGE,
    ids_first: bool = False,
) -> Page:
    """Fetch one page plus one row to know whether a next page exists (one query; two with
    `ids_first`, see paginate_keyset)."""
    number = max(1, parse_int(page_param, 1, max_value=max_page, clamp=True))
    offset = (number - 1) * per_page
    rows = _read(queryset, slice(offset, offset + per_page + 1), ids_first)
    return Page(
        items=rows[:per_page],
        number=number,
        has_next=len(rows) > per_page,
        next_params={"page": number + 1, AFTER: None, BEFORE: None},
        previous_params={"page": number - 1, AFTER: None, BEFORE: None},
    )


def paginate_keyset_request(
    request, queryset: QuerySet, order: tuple[str, ...] | None = None, *, ids_first: bool = False
) -> Page:
    """The page of `queryset` the request asks for (`?page=`, `?apres=`, `?avant=`), in
    `order`, by default the queryset's own `order_by` (which must then end with pk or -pk)."""
    return paginate_keyset(
        queryset,
        tuple(queryset.query.order_by) if order is None else order,
        page=request.GET.get("page"),
        after=request.GET.get("apres"),
        before=request.GET.get("avant"),
        per_page=settings.SPSTI_LIST_PAGE_SIZE,
        ids_first=ids_first,
    )


def keyset_ready(queryset: QuerySet) -> bool:
    """Whether `paginate_keyset_request` can page `queryset` in its own order: model rows (a
    cursor is a row's pk), ordered by field names one way, ending with the pk. A row whose key
    holds a NULL is reached by `?page=` only (see paginate_keyset)."""
    order = tuple(queryset.query.order_by)
    if not order or not all(isinstance(name, str) for name in order):
        return False
    descending = order[0].startswith("-")
    return (
        queryset._iterable_class is ModelIterable
        and order[-1].removeprefix("-") == "pk"
        and all(name.startswith("-") == descending for name in order)
    )


def paginate_keyset(
    queryset: QuerySet,
    order: tuple[str, ...],
    *,
    page: str | None = None,
    after: str | None = None,
    before: str | None = None,
    per_page: int,
    ids_first: bool = False,
) -> Page:
    """One page of `queryset` in `order` (non-null fields, all ascending or all descending,
    ending with "pk" or "-pk"): two queries with a cursor (its key, then the page), one without.

    An index on the order's fields (after the scope's equality filters) makes the page a
    range scan however deep it is; without one, the page still reads no row before the key
    that the order's sort would not read anyway (no OFFSET).

    `ids_first` reads the page's ids, then their rows (one query more): where an index of the
    order also holds every column the filters and the scope's join test, PostgreSQL finds the
    ids by an index-only scan, testing each entry it passes, instead of fetching the row of
    each entry to test it (a selective filter the index cannot seek, such as a name search
    walked in name order, passes thousands of entries for 51 rows)."""
    names = tuple(name.removeprefix("-") for name in order)
    descending = bool(order) and order[0].startswith("-")
    if (
        not order
        or names[-1] != "pk"
        or any(name.startswith("-") != descending for name in order)
        or any(name.startswith("-") for name in names)
    ):
        raise ValueError("A keyset order runs one way and ends with the unique pk.")
    queryset = queryset.order_by(*order)
    after_pk, before_pk = parse_int(after), parse_int(before)
    forward = after_pk is not None
    anchor_pk = after_pk if forward else before_pk
    anchor = None
    if anchor_pk is not None:
        anchor = queryset.order_by().filter(pk=anchor_pk).values_list(*names).first()
    if anchor is None or None in anchor:  # a row with a null key has no place in the order
        offset_page = paginate(
            queryset, page, per_page, max_page=KEYSET_OFFSET_PAGES, ids_first=ids_first
        )
        return _keyset_page(offset_page.items, offset_page.number, offset_page.has_next)
    # Only for the label "Page N": a cursor page is known by its key, not by its position.
    number = max(1, parse_int(page, 2, max_value=MAX_PAGE, clamp=True))
    later, earlier = ("<", ">") if descending else (">", "<")
    window = slice(0, per_page + 1)
    if forward:
        rows = _read(_from_key(queryset, names, later, anchor), window, ids_first)
        return _keyset_page(rows[:per_page], number, len(rows) > per_page, True)
    reverse = names if descending else [f"-{name}" for name in names]
    rows = _read(_from_key(queryset, names, earlier, anchor).order_by(*reverse), window, ids_first)
    has_previous = len(rows) > per_page
    items = rows[:per_page][::-1]
    return _keyset_page(items, number if has_previous else 1, True, has_previous)


def _from_key(queryset: QuerySet, names, operator: str, anchor: tuple) -> QuerySet:
    """The rows after (or before) the key: the row comparison, and the bound it implies on the
    order's first field. Where that field is another table's (a member's name ordering its
    establishments), the row comparison can only filter the joined rows; the bound lets the
    planner start the walk of that table's index at the key instead of at its first entry."""
    bound = "gte" if operator == ">" else "lte"
    rows = queryset.filter(RowCompare(names, operator, anchor))
    if len(names) == 1 or anchor[0] is None:  # no bound to add (a NULL compares to nothing)
        return rows
    return rows.filter(**{f"{names[0]}__{bound}": anchor[0]})


def _read(queryset: QuerySet, window: slice, ids_first: bool) -> list:
    """The window's rows, in the queryset's order; with `ids_first`, its ids then their rows
    (a row deleted between the two reads is left out)."""
    if not ids_first:
        return list(queryset[window])
    ids = list(queryset.values_list("pk", flat=True)[window])
    rows = queryset.order_by().in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def _keyset_page(items, number, has_next, has_previous=None, cursor=lambda row: row.pk) -> Page:
    """Links carry the cursor of the last (first) row (its pk, unless `cursor` says otherwise);
    with no row shown, the page number."""
    first, last = (cursor(items[0]), cursor(items[-1])) if items else (None, None)
    return Page(
        items=items,
        number=number,
        has_next=has_next and last is not None,
        has_previous_page=number > 1 if has_previous is None or first is None else has_previous,
        next_params={"page": number + 1, AFTER: last, BEFORE: None},
        previous_params={"page": max(1, number - 1), AFTER: None, BEFORE: first},
    )


class RowCompare(Expression):
    """`(a, b, pk) > (x, y, z)`: PostgreSQL's row comparison, which a btree index on (a, b, pk)
    answers as one range scan (an OR of column comparisons would not)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, names: tuple[str, ...], operator: str, values: tuple):
        if operator not in {"<", ">"} or len(names) != len(values):
            raise ValueError("RowCompare compares as many values as columns, with < or >.")
        super().__init__()
        self.names, self.operator, self.values = tuple(names), operator, tuple(values)
        self.columns: list = [F(name) for name in self.names]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def resolve_expression(self, *args, **kwargs):
        resolved = super().resolve_expression(*args, **kwargs)
        resolved.columns = [column.resolve_expression(*args, **kwargs) for column in self.columns]
        return resolved

    def as_sql(self, compiler, connection):
        left, right, params = [], [], []
        for column in self.columns:
            sql, column_params = compiler.compile(column)
            left.append(sql)
            params.extend(column_params)
        for column, value in zip(self.columns, self.values, strict=True):
            sql, value_params = compiler.compile(Value(value, output_field=column.output_field))
            right.append(sql)
            params.extend(value_params)
        return f"({', '.join(left)}) {self.operator} ({', '.join(right)})", params


def compiled(queryset: QuerySet) -> tuple[str, tuple] | None:
    """The queryset's SQL and parameters, or None when the ORM knows it reads no row (.none(),
    a filter on an empty list: a centre with no team yet), where compiling raises."""
    try:
        return queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return None


def statement_hash(sql: str, params) -> str:
    """A cache key's part naming one statement: its scope and filters, parameters included."""
    return hashlib.sha256(repr((sql, params)).encode()).hexdigest()


def capped_count(queryset: QuerySet, cap: int = COUNT_CAP) -> int:
    """The queryset's row count, counted at most to cap + 1 (one bounded query): a result above
    `cap` means "more than cap", and is remembered for CAPPED_COUNT_TTL_S by the statement."""
    bounded = queryset.order_by().values("pk")[: cap + 1]
    # Compiled once, for the key and for the count (QuerySet.count() would compile it again).
    statement = compiled(bounded)
    if statement is None:
        return 0
    sql, params = statement
    key = "capped-count:" + statement_hash(sql, params)
    if cache.get(key):
        return cap + 1
    with connections[bounded.db].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) subquery", params)  # noqa: S608 (ORM's SQL)
        (count,) = cursor.fetchone()
    if count > cap:
        cache.set(key, True, CAPPED_COUNT_TTL_S)
    return count
