"""Issue 17, item 5: a page offers only the actions its reader may take.

The menus follow the permission codes (tests/test_navigation.py); this walks every page of the
permission matrix (tests/test_permission_matrix.py) as each actor the matrix lets in, collects the
page's internal links, forms and htmx requests, resolves each to its view and asserts the actor
holds what the view's gate (`accounts.gates.backoffice_view`/`portal_view`, its `.gate`) asks
for: a button never leads to "Accès refusé".
"""

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from tests.adherents.factories_billing import issue_for
from tests.conftest import login
from tests.matrix_prevention.duerp import _action, _risk
from tests.matrix_prevention.fiche import validated, visit
from tests.suivi_sante.factories import DueVisitFactory, VisitFactory, WorkerFactory
from tests.test_permission_matrix import CASES

# Attributes that send the reader somewhere: (tag or None for any, attribute).
TARGETS = {
    ("a", "href"),
    ("form", "action"),
    ("button", "formaction"),
    ("input", "formaction"),
    (None, "hx-get"),
    (None, "hx-post"),
    (None, "hx-put"),
    (None, "hx-delete"),
}


class _Targets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []  # (what, URL)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and ((tag, name) in TARGETS or (None, name) in TARGETS):
                self.found.append((f"<{tag} {name}>", value))


def page_targets(html: str) -> list[tuple[str, str]]:
    """The internal paths a page links, posts or fetches to, with the tag that holds each."""
    parser = _Targets()
    parser.feed(html)
    found = []
    for what, url in parser.found:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue  # another site, an anchor, a mailto:
        found.append((what, parts.path))
    return found


def refusal(ctx, path: str) -> str:
    """Why this reader would be refused at `path` by its view's gate; "" if let through."""
    try:
        match = resolve(path)
    except Resolver404:
        return ""  # static files, the media; a broken link is another test's business
    gate = getattr(match.func, "gate", None)
    if gate is None:
        return ""
    shell, codes = gate
    if shell == "portal" and not ctx.is_portal:
        return "a portal page"
    if shell == "backoffice" and not ctx.is_staff:
        return "a back-office page"
    if codes is None:
        return ""
    codes = codes if isinstance(codes, tuple) else (codes,)
    if not any(ctx.has_perm(code) for code in codes):
        return f"needs {' or '.join(codes)}"
    return ""


def refused_targets(response) -> list[str]:
    ctx = response.wsgi_request.ctx
    problems = []
    for what, path in page_targets(response.content.decode()):
        if why := refusal(ctx, path):
            problems.append(f"{what} {path}: {why}")
    return sorted(set(problems))


PAGES = [
    case
    for case in CASES
    if case.method == "get"
    and case.url_name.startswith(("portal:", "backoffice:"))
    and any(status == 200 for status in case.expected.values())
]


def rows_in_the_lists(world) -> None:
    """A row in the lists whose rows carry actions: visits due (late and ahead), a planned
    visit, A's validated FE, DUERP risk and action, an invoice, a prevention visit."""
    today = timezone.localdate()
    DueVisitFactory(worker=world.worker, due_on=today - datetime.timedelta(days=30))
    DueVisitFactory(
        worker=WorkerFactory(adherent=world.adherent), due_on=today + datetime.timedelta(days=10)
    )
    VisitFactory(
        worker=world.worker,
        professional=world.actors["physician"],
        scheduled_at=timezone.now() + datetime.timedelta(days=1),
    )
    validated(world)  # (the pages of the matrix open their own draft)
    _risk(world)
    _action(world)
    issue_for(world)
    visit(world)


def test_every_page_offers_only_what_its_reader_may_do(world):
    """One world for every page (each page's objects rolled back after it): page -> actor ->
    the targets its reader would be refused at."""
    rows_in_the_lists(world)
    problems = {}
    for case in PAGES:
        with transaction.atomic():
            url = reverse(case.url_name, args=case.args(world))
            for actor, status in case.expected.items():
                if status != 200:
                    continue
                response = login(Client(), world.actors[actor]).get(url, case.data(world))
                assert response.status_code == 200, (case.url_name, actor, response.status_code)
                html = response["Content-Type"].startswith("text/html")
                if html and (found := refused_targets(response)):
                    problems.setdefault(case.url_name, {})[actor] = found
            transaction.set_rollback(True)
    assert not problems, "\n".join(f"{page} {found}" for page, found in problems.items())


def test_the_walk_sees_a_refused_link(world, client_for):
    """The walk's own check: a link to the agenda on a nurse's page would be caught, one to the
    workers' list would not (the nurse may see workers, not plan slots)."""
    response = client_for("nurse").get(reverse("backoffice:dashboard"))
    ctx = response.wsgi_request.ctx
    assert refusal(ctx, reverse("backoffice:suivi_sante:worker-list")) == ""
    assert refusal(ctx, reverse("backoffice:suivi_sante:slot-create")).startswith("needs ")
    assert refusal(ctx, reverse("portal:dashboard")) == "a portal page"
    html = f'<a href="{reverse("backoffice:suivi_sante:slot-create")}?x=1">Créer</a>'
    assert page_targets(html) == [("<a href>", reverse("backoffice:suivi_sante:slot-create"))]
