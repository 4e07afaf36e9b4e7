"""A menu link and how a menu is read for a context (the menus themselves: spsti.navigation).

A link shows only to whoever holds its code, and to whoever passes the test its app registered
(register_condition), so a menu never leads to "Accès refusé".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    code: str | tuple[str, ...] | None = None  # None: everyone in the shell; a tuple: any of
    firm_only: bool = False  # portal: shown to a firm's users (their portfolio), code None
    # A further test an app registers (register_condition), for a page its view opens to fewer
    # people than the code: the PDP cell's pages are for the cell's members only.
    condition: str | None = None

    def shows_to(self, ctx, conditions: dict | None = None) -> bool:
        if self.firm_only:
            return ctx.via_firm
        if self.code is not None:
            codes = self.code if isinstance(self.code, tuple) else (self.code,)
            if not any(ctx.has_perm(code) for code in codes):
                return False
        if self.condition is None:
            return True
        known = conditions if conditions is not None else {}
        if self.condition not in known:
            known[self.condition] = _CONDITIONS[self.condition](ctx)
        return known[self.condition]


# Tests an app adds to its links, registered in its AppConfig.ready(): spsti sits below the
# apps and never imports them (the import contracts).
_CONDITIONS: dict[str, Callable[[object], bool]] = {}


def register_condition(name: str, test: Callable[[object], bool]) -> None:
    _CONDITIONS[name] = test


def visible_menu(ctx, sections, current_path: str) -> list[dict]:
    """The sections and links this context may follow, the current page marked."""
    menu = []
    conditions: dict[str, bool] = {}  # each registered test runs once per menu
    for title, links in sections:
        items = []
        for link in links:
            if link.shows_to(ctx, conditions):
                url = reverse(link.url_name)
                items.append({"label": link.label, "url": url, "current": url == current_path})
        if items:
            menu.append({"title": title, "links": items})
    return menu
