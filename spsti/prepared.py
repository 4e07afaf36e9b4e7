"""A cursor whose statements PostgreSQL keeps prepared, for the few constant statements every API
call runs (the token with its grant, a page of the worker list).

Django's psycopg cursors bind the values on the client side (ClientCursor) and Django turns
psycopg's automatic preparation off (for transaction-mode poolers): each call sends the statement
as text, and PostgreSQL parses and plans it again. The token's statement plans in about 0.3 ms and
runs in 0.1 ms. This cursor binds on the server and asks psycopg to prepare each statement: the
first call on a connection prepares it, the next ones only bind and execute; the connections are
kept (CONN_MAX_AGE). The cursor is wrapped as Django wraps its own: query logging,
CaptureQueriesContext and execute wrappers (pghistory's context) see it.

Behind a pooler in transaction mode that does not track prepared statements (PgBouncer before
1.21), set SPSTI_DB_PREPARE=false: the statements then go as Django's do.

Only for statements written with named or positional parameters that PostgreSQL can type
(columns compared with values, LIMIT/OFFSET): server-side binding does not accept a parameter
where the grammar wants an identifier or a literal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import psycopg
from django.conf import settings
from django.db import connection

NEVER_BY_COUNT = 2**31 - 1


def columns(alias: str, model, names: Iterable[str] | None = None) -> str:
    """`alias."column", …` of these fields of the model, every concrete field when none are
    named: the select list of a constant statement composed from the model's own metadata (the
    values go as parameters), as this module's callers write them."""
    fields = (
        model._meta.concrete_fields
        if names is None
        else [model._meta.get_field(name) for name in names]
    )
    return ", ".join(f'{alias}."{field.column}"' for field in fields)


class _Sent(NamedTuple):
    query: bytes


class _PreparingCursor(psycopg.Cursor):
    """Server-side binding; every statement prepared once per connection (psycopg keeps them)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        super().execute(query, params, prepare=True, binary=binary)
        # What Django's query log reads of a client-binding cursor (ops.last_executed_query):
        # the statement as sent, without its values.
        self._query = _Sent(query.encode() if isinstance(query, str) else query)
        return self


def prepared_cursor(*, binary: bool = False):
    """A Django cursor whose statements are prepared on the default connection (or, with
    SPSTI_DB_PREPARE off, Django's own cursor). `binary`: the rows come in PostgreSQL's binary
    format, loaded to the same Python values (int, str, date: a page of 200 workers with their
    employments ≈ 0.25 ms sooner than as text, PostgreSQL writing no dates as text and psycopg
    parsing none); with server-side binding only, Django's own cursor reads text."""
    if not settings.SPSTI_DB_PREPARE:
        return connection.cursor()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django's None turns psycopg's preparation off altogether; a threshold never reached
        # leaves Django's cursors as they are (client-side binding never prepares) and lets
        # this one prepare what it asks for.
        raw.prepare_threshold = NEVER_BY_COUNT
    cursor = _PreparingCursor(raw)
    if binary:
        cursor.format = psycopg.pq.Format.BINARY
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)
