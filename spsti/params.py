"""Query-string and posted parameters read defensively, in one place for every view.

`str.isdigit()` accepts "²" or "١" that `int()` then refuses or reads, and `int()` accepts
digits PostgreSQL cannot store; a NUL byte cannot reach a PostgreSQL text column at all. So
integers are ASCII digits within PostgreSQL's `integer`, and free text refuses NUL bytes.
"""

from __future__ import annotations

import datetime
import re

from django.contrib import messages
from django.utils.http import url_has_allowed_host_and_scheme

INT32_MAX = 2_147_483_647
# Dates we accept from users: the service's records start in the 20th century; beyond 2199 is a
# typo. 0001-01-01 minus a day, or 9999-12-31 plus a week, would crash date arithmetic.
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2199, 12, 31)
_ASCII_INT = re.compile(r"[0-9]+")
NUL_IN_SEARCH = "La recherche contient un caractère non autorisé : elle a été ignorée."


def parse_int(
    value, default: int | None = None, *, max_value: int = INT32_MAX, clamp: bool = False
) -> int | None:
    """ASCII digits (surrounding blanks allowed) within [0, max_value] as an int, else default;
    with clamp, a larger number gives max_value instead."""
    text = str(value).strip() if value is not None else ""
    if not _ASCII_INT.fullmatch(text):
        return default
    # Compare lengths first: int() of thousands of digits is slow, then refused by Python.
    too_big = len(text.lstrip("0")) > len(str(max_value)) or int(text) > max_value
    if too_big:
        return max_value if clamp else default
    return int(text)


def int_param(request, name: str, default: int | None = None, **bounds) -> int | None:
    """`?name=` as a non-negative int (see parse_int), else default."""
    return parse_int(request.GET.get(name), default, **bounds)


def search_param(request, name: str = "q", max_length: int = 100) -> str:
    """`?q=` stripped and cut; with a NUL byte it is ignored, and the user told so."""
    value = request.GET.get(name, "")
    if "\x00" in value:
        messages.error(request, NUL_IN_SEARCH)
        return ""
    return value.strip()[:max_length]


def next_url(request, default: str) -> str:
    """The posted `next` when it is a path on this site, else `default`.

    A bare word such as "-865" passes Django's host check as a relative URL but `redirect()`
    would then try it as a view name and fail: only paths starting with one "/" are kept.
    """
    target = request.POST.get("next", "")
    if (
        target.startswith("/")
        and not target.startswith("//")
        and "\x00" not in target
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default


def date_param(request, name: str, default: datetime.date) -> datetime.date:
    """`?name=` as an ISO date within [DATE_MIN, DATE_MAX], else default."""
    try:
        day = datetime.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return default
    return day if DATE_MIN <= day <= DATE_MAX else default
