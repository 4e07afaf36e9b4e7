"""`make bench`: the back-office list pages over the large dataset versus a bare baseline
(and the PDP cell's caseload page over 50,000 cases: bench/pdp.py; the management dashboards
and the nightly facts: bench/dashboards.py; the REST API's worker list: bench/api.py; the portal
under load on gunicorn: bench/load.py; peak memory of a recompute worker and of a worker import:
bench/memory.py).

The large dataset (60,000 members, 1,000,000 workers) lives in its own database `spsti_bench`
on the same server, built once by `seed_demo --scale large` and reused by later runs. Each list
page (scope, query, template) is timed against a bare view that renders the same template with
the same rows already in memory: the ratio is the price of the data access, independent of how
fast this machine is.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.timing import median_ms

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "spsti_bench"
ROUNDS = 30


def _bench_database_url() -> str:
    from spsti import devservices

    devservices.ensure_services()
    url = devservices.with_database(os.environ["DATABASE_URL"], BENCH_DB)
    devservices.ensure_database(url)
    return url


def _prepare(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], check=True, env=env, cwd=ROOT)  # noqa: S603
    subprocess.run([*manage, "seed_demo", "--scale", "large"], check=True, env=env, cwd=ROOT)  # noqa: S603


DEEP_ROW = 200 * 50  # the first row of page 200 at 50 rows a page


def _list_pages(client, ctx, physician, request) -> None:
    """The two centre-wide lists on a deep page (by its key, as the "Page suivante" links reach
    it), filtered or not, and their first page, against the bare template."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import reverse

    from adherents.members import selectors as adherent_selectors
    from spsti.pagination import capped_count, paginate_keyset
    from suivi_sante.workers import selectors as health_selectors
    from suivi_sante.workers.views_common import WorkerFilterForm, total_label

    workers, members = health_selectors, adherent_selectors
    lists = [
        (
            "backoffice:suivi_sante:worker-list",
            "suivi_sante/workers/backoffice/worker_list.html",
            lambda f: workers.worker_list(ctx, filters=workers.WorkerFilters(**f)),
            workers.LIST_ORDER,
            {"categorie": "SIR"},
            {"category": "SIR"},
        ),
        (
            "backoffice:adherents:adherent-list",
            "adherents/members/backoffice/adherent_list.html",
            lambda f: members.adherent_list(ctx, **f),
            members.LIST_ORDER,
            {"q": "a"},
            {"search": "a"},
        ),
    ]
    for url_name, template, rows, order, query, filters in lists:
        for label, params, kept in (("", {}, {}), (" (filtrée)", query, filters)):
            queryset = rows(kept)
            anchor = queryset.values_list("pk", flat=True)[DEEP_ROW - 1 : DEEP_ROW].first()
            for depth, cursor in (("page 1", None), ("page 201", anchor)):
                if depth != "page 1" and cursor is None:
                    continue  # fewer rows than a deep page
                page = paginate_keyset(
                    queryset,
                    order,
                    after=None if cursor is None else str(cursor),
                    page="201" if cursor else None,
                    per_page=settings.SPSTI_LIST_PAGE_SIZE,
                )
                context = {
                    "page": page,
                    "search": kept.get("search", ""),
                    "ctx": ctx,
                    "user": physician,
                    "request": request,
                    "filtered": bool(kept),
                    "total": total_label(capped_count(queryset)),
                }
                if "worker" in url_name:  # the filter form the page shows
                    context["form"] = WorkerFilterForm(params)
                    context["form"].is_valid()
                get = dict(params, **({"apres": cursor, "page": 201} if cursor else {}))
                url = reverse(url_name)

                def full(url=url, get=get):
                    assert client.get(url, get).status_code == 200

                def bare(template=template, context=context):
                    render_to_string(template, context, request=request)

                full_ms, bare_ms = median_ms(full, ROUNDS), median_ms(bare, ROUNDS)
                print(  # noqa: T201
                    f"{url_name + label + ' ' + depth:<58} page complète {full_ms:7.1f} ms | "
                    f"gabarit seul {bare_ms:6.1f} ms | ratio {full_ms / bare_ms:5.2f}"
                )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spsti.settings")
    os.environ.setdefault("DEBUG", "true")
    url = _bench_database_url()
    _prepare(url)
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from types import SimpleNamespace

    from allauth.account.internal.flows.login import record_authentication
    from django.conf import settings
    from django.test import Client, RequestFactory

    from accounts.context import build_context
    from accounts.enums import StaffRole
    from accounts.models import StaffAssignment
    from adherents.models import Adherent
    from suivi_sante.models import Worker

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    physician = (
        StaffAssignment.objects.filter(role=StaffRole.PHYSICIAN, ended_on__isnull=True)
        .select_related("user")
        .first()
        .user
    )
    client = Client()
    client.force_login(physician)
    session = client.session
    record_authentication(SimpleNamespace(session=session), physician, "mfa", type="totp")
    session.save()
    request = RequestFactory().get("/")
    request.user, request.session = physician, session
    ctx = build_context(physician, session, mfa_passed=True)
    request.ctx = ctx
    print(
        f"Jeu de données : {Adherent.objects.count():,} adhérents, "  # noqa: T201
        f"{Worker.objects.count():,} salariés ; médiane de {ROUNDS} requêtes."
    )

    _list_pages(client, ctx, physician, request)

    from bench import api, dashboards, due, imports, load, memory, pdp

    pdp.run(client, physician, request)
    dashboards.run(client, physician, request)
    due.run()
    imports.run()
    imports.run_workers()
    api.run()
    load.run()  # 1, 2, 4 then 8 sessions, 60 s each
    memory.run()


if __name__ == "__main__":
    main()
