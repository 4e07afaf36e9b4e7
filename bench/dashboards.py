"""`make bench`: the management dashboards (issue 16, item 9) over the large dataset and its
history (demo/large_history.py).

1. The nightly facts for the whole service: `compute_recent_facts()` (13 months, every
   indicator of the catalogue), its total against the 5-minute budget, then each source's
   compute timed alone (the slowest printed first).
2. For a direction user (all centres): the cockpit, each domain page and the drill-down list
   of `visits_on_time` (part "rest"), each against a bare render of its template with the same
   context already in memory (median of ROUNDS requests, the page and its template timed in
   turn so that the machine's load weighs on both; target: a ratio of 2 at most), and that
   list's page 201 as its « Page suivante » link reaches it.
3. Every drill-down list of the catalogue, each part, first page: its median time (the lists
   share one template and one view; a slow one is a slow query), those over SLOW_DRILL_MS
   marked.
"""

from __future__ import annotations

import time

from bench.timing import as_in_production, median_ms, paired_median_ms

NIGHTLY_BUDGET_S = 300.0
RATIO_TARGET = 2.0
ROUNDS = 30
SLOW_DRILL_MS = 100.0
DEEP_ROW = 200 * 50  # the first row of page 201 at 50 rows a page
SLOWEST = 8


def nightly_facts() -> float:
    """Time the nightly job, then each source alone; print both; return the job's seconds."""
    from django.utils import timezone

    from dashboards.catalogue.selectors import catalogue
    from dashboards.facts.models import Fact
    from dashboards.facts.selectors_sources import sources
    from dashboards.facts.services import compute_recent_facts
    from dashboards.rules.periods import add_months, month_range

    today = timezone.localdate()
    start = time.perf_counter()
    run = compute_recent_facts(today)
    total = time.perf_counter() - start
    verdict = "dans le budget" if total <= NIGHTLY_BUDGET_S else "HORS BUDGET"
    print(  # noqa: T201
        f"{'faits de la nuit (13 mois, service entier)':<40} {total:7.1f} s pour "
        f"{run.indicators} indicateurs, {run.rows:,} cellules ({Fact.objects.count():,} en "
        f"base) | budget {NIGHTLY_BUDGET_S:.0f} s : {verdict}"
    )
    months = month_range(add_months(today, -12), today)
    months = sorted({m.replace(day=1) for m in months})
    known = sources()
    timings = []
    for indicator_id in catalogue():
        source = known.get(indicator_id)
        if source is None:
            continue
        start = time.perf_counter()
        cells = list(source.compute(months, today))
        timings.append((time.perf_counter() - start, indicator_id, len(cells)))
    timings.sort(reverse=True)
    print(  # noqa: T201
        f"  calcul seul de chaque source : {sum(t for t, _, _ in timings):.1f} s en tout ; "
        f"les {SLOWEST} plus lentes :"
    )
    for seconds, indicator_id, count in timings[:SLOWEST]:
        print(f"    {indicator_id:<28} {seconds:6.2f} s ({count:,} cellules)")  # noqa: T201
    return total


def _director():
    """A direction user (created with a DIRECTION assignment if the dataset has none)."""
    from accounts.enums import StaffRole
    from accounts.models import HealthCenter, StaffAssignment, User

    found = (
        StaffAssignment.objects.filter(role=StaffRole.DIRECTION, ended_on__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if found:
        return found.user
    user, _ = User.objects.get_or_create(
        email="direction@bench.spsti.example",
        defaults={"kind": "staff", "first_name": "Directrice", "last_name": "Banc d'essai"},
    )
    StaffAssignment.objects.create(
        user=user, center=HealthCenter.objects.order_by("pk").first(), role=StaffRole.DIRECTION
    )
    return user


def _logged_in(user):
    from types import SimpleNamespace

    from allauth.account.internal.flows.login import record_authentication
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.session
    record_authentication(SimpleNamespace(session=session), user, "mfa", type="totp")
    session.save()
    return client, session


def pages(rounds: int = ROUNDS) -> list[float]:
    """Print each page's median against its bare template; return the ratios."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.urls import reverse
    from django.utils import timezone

    from accounts.context import build_context
    from dashboards.catalogue.selectors import DOMAINS, by_domain, indicator, key_indicators
    from dashboards.cockpit import selectors
    from dashboards.cockpit.views_common import page_filters, with_month_links
    from dashboards.drill.views_backoffice import _show_people
    from dashboards.facts.selectors import last_run
    from dashboards.facts.selectors_sources import sources
    from dashboards.rules.periods import month_end
    from spsti.union import paginate_union_request

    director = _director()
    client, session = _logged_in(director)
    ctx = build_context(director, session, mfa_passed=True)

    def request_for(url: str):
        request = RequestFactory().get(url)
        request.user, request.session, request.ctx = director, session, ctx
        return request

    def cockpit_context(request) -> tuple[str, dict]:
        page = page_filters(request)
        return "dashboards/cockpit/backoffice/cockpit.html", {
            "page": page,
            "cards": with_month_links(selectors.cards(key_indicators(), page.selection), page),
            "domains": DOMAINS,
            "run": last_run(),
        }

    def domain_context(domain: str):
        def build(request) -> tuple[str, dict]:
            page = page_filters(request)
            cards = selectors.detailed_cards(
                by_domain(domain), page.selection, page.team_names, page.center_names
            )
            return "dashboards/cockpit/backoffice/domain.html", {
                "page": page,
                "domain": domain,
                "domain_label": DOMAINS[domain],
                "cards": with_month_links(cards, page),
                "domains": DOMAINS,
                "titles": selectors.BREAKDOWN_TITLES,
                "run": last_run(),
            }

        return build

    def drill_list(request):
        """The page's filters, the period's end, and the drill's (columns, rows, row)."""
        page = page_filters(request)
        selection = page.selection
        end = min(month_end(selection.end), timezone.localdate())
        drilled = sources()["visits_on_time"].drill(
            center_ids=selection.center_ids,
            team_ids=selection.team_ids,
            start=selection.start,
            end=end,
            kind="",
            performer=selection.performer,
            part="rest",
            show_people=_show_people(page),
        )
        return page, end, drilled

    def drill_context(request) -> tuple[str, dict]:
        found = indicator("visits_on_time")
        page, end, (columns, queryset, row) = drill_list(request)
        listing = paginate_union_request(request, queryset)
        return "dashboards/drill/backoffice/drill.html", {
            "page": page,
            "indicator": found,
            "part": "rest",
            "kind": "",
            "kind_label": "",
            "title": f"{found.name} — {found.drill['rest']}",
            "columns": columns,
            "rows": [row(obj) for obj in listing.items],
            "listing": listing,
            "end": end,
            "hidden": [("part", "rest")],
        }

    cases = [
        ("backoffice:dashboards:cockpit", reverse("backoffice:dashboards:cockpit"), cockpit_context)
    ]
    for domain in DOMAINS:
        url = reverse("backoffice:dashboards:domain", args=[domain])
        cases.append((f"… domaine {domain}", url, domain_context(domain)))
    drill_url = reverse("backoffice:dashboards:drill", args=["visits_on_time"]) + "?part=rest"
    cases.append(("… détail visits_on_time (rest)", drill_url, drill_context))
    # Page 201 as its « Page suivante » link reaches it: the cursor of the 10,000th row.
    _, _, (_, rows, _) = drill_list(request_for(drill_url))
    deep = list(rows[DEEP_ROW - 1 : DEEP_ROW])
    if deep:
        deep_url = f"{drill_url}&page=201&apres={deep[0]['source']}.{deep[0]['item']}"
        cases.append(("… détail visits_on_time (rest), p. 201", deep_url, drill_context))

    ratios = []
    for label, url, build in cases:
        request = request_for(url)
        template, context = build(request)
        context = {**context, "ctx": ctx, "user": director, "request": request}

        def full(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        def bare(template=template, context=context, request=request):
            render_to_string(template, context, request=request)

        with as_in_production():
            full_ms, bare_ms = paired_median_ms(full, bare, rounds)
        ratio = full_ms / bare_ms
        ratios.append(ratio)
        mark = "" if ratio <= RATIO_TARGET else f"  > cible {RATIO_TARGET:.0f}"
        print(  # noqa: T201
            f"{label:<40} page complète {full_ms:7.1f} ms | gabarit seul "
            f"{bare_ms:6.1f} ms | ratio {ratio:5.2f}{mark}"
        )
    return ratios


def run(client=None, user=None, request=None) -> None:
    """The bench's entry point (the physician's client is not used: the direction reads)."""
    from suivi_sante.models import Visit

    print(f"Tableaux de bord ({Visit.objects.count():,} visites en base) :")  # noqa: T201
    nightly_facts()
    pages()
    drill_pages()


def drill_pages(rounds: int = 3) -> None:
    """The first page of every drill-down list, for the direction (every centre)."""
    from django.urls import reverse

    from dashboards.catalogue.selectors import catalogue, indicator
    from dashboards.facts.selectors_sources import sources

    client, _ = _logged_in(_director())
    known = sources()
    print("  listes de détail (1re page, toutes les parties) :")  # noqa: T201
    with as_in_production():
        for indicator_id in catalogue():
            found, source = indicator(indicator_id), known.get(indicator_id)
            if source is None or source.drill is None or not found.drill:
                continue
            url = reverse("backoffice:dashboards:drill", args=[indicator_id])
            for part in found.drill:
                ms = median_ms(
                    lambda url=url, part=part: _ok(client.get(url, {"part": part})), rounds
                )
                mark = f"  > {SLOW_DRILL_MS:.0f} ms" if ms > SLOW_DRILL_MS else ""
                print(f"    {indicator_id:<28} {part:<5} {ms:7.1f} ms{mark}")  # noqa: T201


def _ok(response) -> None:
    assert response.status_code == 200, response.status_code
