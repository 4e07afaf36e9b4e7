"""Cursor pagination: stable under inserts, no COUNT over a member's whole list."""

import binascii
from base64 import urlsafe_b64decode, urlsafe_b64encode

from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from spsti.params import parse_int


def with_links(response: Response, next_url: str | None, previous_url: str | None) -> Response:
    """The page's links also as an RFC 8288 `Link` header (rel="next", rel="prev"), as GitHub's
    API gives them: a client follows the pages without decoding the body first."""
    pairs = ((next_url, "next"), (previous_url, "prev"))
    links = ", ".join(f'<{url}>; rel="{rel}"' for url, rel in pairs if url)
    if links:
        response["Link"] = links
    return response


class IdCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = 50
    page_size_query_param = "taille"
    max_page_size = 200
    cursor_query_param = "curseur"
    invalid_cursor_message = "Curseur de pagination invalide."

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        return with_links(response, response.data["next"], response.data["previous"])

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["next"]["description"] = "Page suivante (lien avec curseur), ou null."
        properties["previous"]["description"] = "Page précédente (lien avec curseur), ou null."
        properties["results"]["description"] = "Les éléments de la page."
        return response


class KeyCursorPagination(BasePagination):
    """Cursor pagination over a fixed, ordered list of items with a unique text key (the
    indicator catalogue): the cursor names the first item of the page, so a page reads the same
    whatever comes before it; an unknown cursor is a 404, as with IdCursorPagination."""

    page_size = 50
    page_size_query_param = "taille"
    max_page_size = 200
    cursor_query_param = "curseur"
    invalid_cursor_message = "Curseur de pagination invalide."

    def paginate_queryset(self, queryset, request, view=None):
        items, key = list(queryset), view.item_key
        size = parse_int(
            request.query_params.get(self.page_size_query_param),
            self.page_size,
            max_value=self.max_page_size,
            clamp=True,
        )
        size = size or self.page_size
        start = 0
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor is not None:
            keys = [key(item) for item in items]
            try:
                start = keys.index(urlsafe_b64decode(cursor.encode()).decode())
            except (ValueError, UnicodeError, binascii.Error) as error:
                raise NotFound(self.invalid_cursor_message) from error
        self.request, self._key = request, key
        self._next = items[start + size] if start + size < len(items) else None
        self._previous = items[max(start - size, 0)] if start > 0 else None
        return items[start : start + size]

    def _link(self, item) -> str | None:
        if item is None:
            return None
        cursor = urlsafe_b64encode(self._key(item).encode()).decode()
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data):
        next_url, previous_url = self._link(self._next), self._link(self._previous)
        response = Response({"next": next_url, "previous": previous_url, "results": data})
        return with_links(response, next_url, previous_url)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "Page suivante (lien avec curseur), ou null.",
                },
                "previous": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "Page précédente (lien avec curseur), ou null.",
                },
                "results": {**schema, "description": "Les éléments de la page."},
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Curseur de pagination (donné par les liens next et previous).",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Éléments par page (au plus {self.max_page_size}).",
                "schema": {"type": "integer"},
            },
        ]


class IdRowCursorPagination(IdCursorPagination):
    """The same cursors over rows read as dicts (`.values()`, no `pk` key): by the id column."""

    ordering = "id"
