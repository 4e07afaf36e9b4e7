"""Cursor pagination: stable under inserts, no COUNT over a member's whole list."""

from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = 50
    page_size_query_param = "taille"
    max_page_size = 200
    cursor_query_param = "curseur"
    invalid_cursor_message = "Curseur de pagination invalide."

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["next"]["description"] = "Page suivante (lien avec curseur), ou null."
        properties["previous"]["description"] = "Page précédente (lien avec curseur), ou null."
        properties["results"]["description"] = "Les éléments de la page."
        return response
