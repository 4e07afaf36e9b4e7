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

from bench.timing import as_in_production, paired_median_ms

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


def staff_session(role: str):
    """(client, request, ctx) of a current staff member of `role`, logged in past the MFA."""
    from types import SimpleNamespace

    from allauth.account.internal.flows.login import record_authentication
    from django.test import Client, RequestFactory

    from accounts.context import build_context
    from accounts.models import StaffAssignment

    user = (
        StaffAssignment.objects.filter(role=role, ended_on__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )
    client = Client()
    client.force_login(user)
    session = client.session
    record_authentication(SimpleNamespace(session=session), user, "mfa", type="totp")
    session.save()
    request = RequestFactory().get("/")
    request.user, request.session = user, session
    request.ctx = build_context(user, session, mfa_passed=True)
    return client, request, request.ctx


def _rendered(client, url: str, params: dict) -> tuple[str, dict]:
    """The template a page rendered and its context (Django's test instrumentation, for this
    one request): the bare baseline renders the same with the same rows, already read."""
    from django.template.context import RequestContext
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    try:
        response = client.get(url, params)
    finally:
        teardown_test_environment()
    assert response.status_code == 200, (url, params, response.status_code)
    context = response.context
    first = context if isinstance(context, RequestContext) else context[0]
    # The view's own context only: the context processors (menu, user) run again in the bare
    # render, as in the page.
    view_dicts = first.dicts[first._processors_index + 1 :]
    return response.templates[0].name, {k: v for d in view_dicts for k, v in d.items()}


def _list_cases():
    """(label, role, url name, query, the list's queryset for a deep key or None); the role is a
    staff role, or a function returning a portal session (bench/lists_portal.py)."""
    from django.utils import timezone

    from accounts.enums import StaffRole
    from adherents.billing import selectors as billing
    from adherents.billing import selectors_batch as batch
    from adherents.members import selectors as members
    from adherents.requests import selectors as requests_
    from bench import lists_portal, lists_prevention
    from prevention.visits import selectors as prevention_visits
    from suivi_sante.agenda import selectors as agenda
    from suivi_sante.schedule import selectors as due
    from suivi_sante.workers import selectors as workers

    today = timezone.localdate()
    physician, service = StaffRole.PHYSICIAN, StaffRole.MEMBER_SERVICE
    workers_of = lambda ctx, **f: workers.worker_list(ctx, filters=workers.WorkerFilters(**f))  # noqa: E731
    return [
        ("salariés", physician, "backoffice:suivi_sante:worker-list", {}, workers_of),
        (
            "salariés filtrés (nom « ma »)",
            physician,
            "backoffice:suivi_sante:worker-list",
            {"q": "ma"},
            lambda ctx: workers_of(ctx, search="ma"),
        ),
        (
            "salariés filtrés (SIR)",
            physician,
            "backoffice:suivi_sante:worker-list",
            {"categorie": "SIR"},
            lambda ctx: workers_of(ctx, category="SIR"),
        ),
        ("adhérents", physician, "backoffice:adherents:adherent-list", {}, members.adherent_list),
        (
            "adhérents filtrés (« a »)",
            physician,
            "backoffice:adherents:adherent-list",
            {"q": "a"},
            lambda ctx: members.adherent_list(ctx, search="a"),
        ),
        (
            "échéances en retard",
            physician,
            "backoffice:suivi_sante:due-overdue",
            {},
            lambda ctx: due.overdue_due_visits(ctx, today=today),
        ),
        (
            "échéances à 90 jours",
            physician,
            "backoffice:suivi_sante:due-upcoming",
            {"jours": "90"},
            lambda ctx: due.upcoming_due_visits(ctx, today=today, days=90),
        ),
        (
            "rendez-vous de prévention",
            physician,
            "backoffice:prevention:visit-list",
            {},
            prevention_visits.visit_list_page,
        ),
        (
            "demandes des adhérents",
            service,
            "backoffice:adherents:requests-inbox",
            {},
            lambda ctx: requests_.inbox(ctx, now=timezone.now()),
        ),
        (
            "convocations à reprogrammer",
            physician,
            "backoffice:suivi_sante:convocations-to-rebook",
            {},
            agenda.convocations_to_rebook,
        ),
        (
            "factures",
            StaffRole.BILLING,
            "backoffice:adherents:billing-invoice-list",
            {},
            lambda ctx: billing.invoice_list(ctx, today=today),
        ),
        (  # the members the yearly call has not invoiced, a page at a time by name
            "appel de cotisations (non facturés)",
            StaffRole.BILLING,
            "backoffice:adherents:billing-batch",
            {"annee": str(today.year)},
            lambda ctx: batch.batch_not_invoiced(ctx, today.year),
        ),
        # Not paged (50 groups of each kind at most): no deep page, no queryset.
        ("doublons", physician, "backoffice:suivi_sante:duplicate-list", {}, lambda ctx: None),
        *lists_prevention.cases(today),
        *lists_portal.cases(),
    ]


def _list_pages(rounds: int = ROUNDS) -> None:
    """Each large list of the back office on its first page and on a deep page (by its key, as
    the « Page suivante » links reach it), filtered or not, against the bare template with the
    same context (page and template timed in turn)."""
    from django.template.loader import render_to_string
    from django.urls import reverse

    from spsti.pagination import AFTER

    sessions: dict = {}
    for label, role, url_name, query, rows in _list_cases():
        if role not in sessions:  # a staff role, or a function opening a portal session
            sessions[role] = role() if callable(role) else staff_session(role)
        client, request, ctx = sessions[role]
        queryset = rows(ctx)
        anchor = (
            None
            if queryset is None
            else queryset.values_list("pk", flat=True)[DEEP_ROW - 1 : DEEP_ROW].first()
        )
        url = reverse(url_name)
        for depth, params in (
            ("page 1", dict(query)),
            ("page 201 (par clé)", {**query, "page": 201, AFTER: anchor}),
        ):
            if anchor is None and depth != "page 1":
                continue  # fewer rows than a deep page
            template, context = _rendered(client, url, params)

            def full(url=url, params=params, client=client):
                assert client.get(url, params).status_code == 200

            def bare(template=template, context=context, request=request):
                render_to_string(template, context, request=request)

            with as_in_production():
                full_ms, bare_ms = paired_median_ms(full, bare, rounds)
            print(  # noqa: T201
                f"{label + ', ' + depth:<48} page complète {full_ms:6.1f} ms | "
                f"gabarit seul {bare_ms:5.1f} ms | ratio {full_ms / bare_ms:5.2f}"
            )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spsti.settings")
    os.environ.setdefault("DEBUG", "true")
    url = _bench_database_url()
    _prepare(url)
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.conf import settings

    from accounts.enums import StaffRole
    from adherents.models import Adherent
    from suivi_sante.models import Worker

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client, request, _ = staff_session(StaffRole.PHYSICIAN)
    physician = request.user
    print(
        f"Jeu de données : {Adherent.objects.count():,} adhérents, "  # noqa: T201
        f"{Worker.objects.count():,} salariés ; médiane de {ROUNDS} requêtes."
    )

    _list_pages()

    from bench import api, dashboards, due, imports, load, memory, pdp

    pdp.run(client, physician, request)
    dashboards.run(client, physician, request)
    due.run()
    imports.run()
    imports.run_workers()
    imports.run_history_triggers()
    api.run()
    load.run()  # 1, 2, 4 then 8 sessions, 60 s each
    memory.run()


if __name__ == "__main__":
    main()
