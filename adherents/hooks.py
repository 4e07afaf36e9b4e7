"""What other apps plug into the membership area, since adherents never imports them.

`adherents` is a base app (architecture.md): suivi_sante registers, in its AppConfig.ready(),
the functions the membership area calls (worker headcount per category for the workforce
declaration, the worker import resource). Without them, the feature falls back as documented.
"""

from __future__ import annotations

from collections.abc import Callable

# establishment ids -> {establishment_id: {"si": n, "sia": n, "sir": n}} of current workers.
_headcount_provider: Callable[[list[int]], dict[int, dict[str, int]]] | None = None
# import kind -> a factory building the django-import-export resource for it.
_import_resources: dict[str, Callable] = {}


def register_headcount_provider(provider: Callable[[list[int]], dict[int, dict[str, int]]]) -> None:
    global _headcount_provider
    _headcount_provider = provider


def headcount_by_category(establishment_ids: list[int]) -> dict[int, dict[str, int]] | None:
    """Current workers per establishment and category, or None when no follow-up app is there."""
    if _headcount_provider is None:
        return None
    return _headcount_provider(establishment_ids)


def register_import_resource(kind: str, factory: Callable) -> None:
    _import_resources[kind] = factory


def import_resource(kind: str) -> Callable | None:
    return _import_resources.get(kind)
