"""`make bench`: the REST API's worker list (issue 18, item 7) for a member of about 1,000
workers (the smallest of the large dataset with at least that many), versus a bare
serialization of the same rows.

The full measure walks the whole list through the API with a personal access token (cursor
pages of 200: authentication, the access context, the throttle, the query, the serializer,
JSON); the baseline serializes and renders the same rows, already in memory, page by page, with
the same serializer and renderer. The rows are what the list reads (api.workers.selectors: dicts
of the columns, each worker's employments as a list PostgreSQL built), so the baseline is the
list's own serialization path and not a slower one: DRF's WorkerSerializer over those dicts gives
the very JSON the endpoint sends (tests/api/test_workers_list.py checks it against the detail),
no slower than over model instances. A leaner hand-written serializer would make both sides
faster and the ratio larger: the ratio prices what the API adds around serializing (token and
grant, throttle, the page's query, pagination), so the list keeps the serializer the schema is
generated from. The two are timed in turn, round after round (bench.timing.paired_median_ms), so
that the machine's load weighs on both alike. Target: a ratio of 2 at most. The token (and, for a
generated member, its portal administrator) is created and dropped inside a rolled-back
transaction: the dataset stays as seeded.
"""

from __future__ import annotations

import datetime
import json

from bench.timing import as_in_production, paired_median_ms

ROUNDS = 30
RATIO_TARGET = 2.0
PAGE = 200
WORKERS = 1_000  # the size of member the measure is about


def next_link(response) -> str | None:
    """The rel="next" URL of a response's Link header (api.pagination.with_links), or None."""
    for link in response.get("Link", "").split(", "):
        if link.endswith('rel="next"'):
            return link[1 : link.index(">")]
    return None


def run() -> None:
    from django.conf import settings
    from django.db import transaction
    from django.db.models import Count, Q
    from django.test import RequestFactory
    from django.test.client import ClientHandler
    from django.urls import reverse
    from django.utils import timezone
    from rest_framework.renderers import JSONRenderer

    from accounts.enums import AdherentRole, UserKind
    from accounts.models import User
    from adherents.models import Adherent, AdherentMembership
    from api.authentication import token_context
    from api.models import ApiToken
    from api.tokens.services import SECRET_PREFIX, active_token, hash_secret
    from api.workers.selectors import with_employment_rows, worker_rows
    from api.workers.serializers import WorkerSerializer
    from suivi_sante.workers import selectors

    live = Count("workers", filter=Q(workers__merged_into=None))
    members = Adherent.objects.annotate(n=live)
    # The smallest member of at least WORKERS workers, or else the largest one.
    adherent = (
        members.filter(n__gte=WORKERS).order_by("n", "pk").first()
        or members.order_by("-n", "pk").first()
    )
    if adherent is None:
        print("API : aucun adhérent dans le jeu de données.")  # noqa: T201
        return
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.SPSTI_API_RATE = "1000000/min"
    with transaction.atomic():
        # The generated members have no portal account: one is lent for the measure.
        admin = AdherentMembership.objects.filter(
            adherent=adherent, role=AdherentRole.ADMIN, is_active=True, user__is_active=True
        ).first() or AdherentMembership.objects.create(
            user=User.objects.create_user("bench.api@example.invalid", kind=UserKind.PORTAL),
            adherent=adherent,
            role=AdherentRole.ADMIN,
        )
        secret = f"{SECRET_PREFIX}bench-{'x' * 40}"
        ApiToken.objects.create(
            name="bench",
            prefix=secret[:12],
            secret_hash=hash_secret(secret),
            user=admin.user,
            adherent=adherent,
            scopes=["workers:read"],
            expires_at=timezone.now() + datetime.timedelta(hours=1),
        )
        # Django's WSGI handler as a server calls it (the test client's: no connection closed
        # inside the bench's transaction), without the test client's cookie jar, template
        # signals and decoding of the body: the pages are followed by their Link header.
        handler = ClientHandler()
        factory = RequestFactory(headers={"Authorization": f"Bearer {secret}"})
        first_page = f"{reverse('api:worker-list')}?taille={PAGE}"

        def call(url: str):
            response = handler(factory.get(url).environ)
            assert response.status_code == 200, response.content[:200]
            return response

        def full() -> None:
            url = first_page
            while url:
                url = next_link(call(url))

        ctx = token_context(active_token(secret))
        workers = with_employment_rows(list(worker_rows(selectors.worker_list(ctx)).order_by("id")))

        def bare() -> None:
            for start in range(0, len(workers), PAGE):
                JSONRenderer().render(
                    WorkerSerializer(workers[start : start + PAGE], many=True).data
                )

        # Both sides give the same rows: the walk's results are the bare serialization's.
        walked, url = [], first_page
        while url:
            response = call(url)
            walked += json.loads(response.content)["results"]
            url = next_link(response)
        assert walked == json.loads(
            JSONRenderer().render(WorkerSerializer(workers, many=True).data)
        )
        with as_in_production():
            full_ms, bare_ms = paired_median_ms(full, bare, ROUNDS)
        transaction.set_rollback(True)
    ratio = full_ms / bare_ms if bare_ms else float("inf")
    verdict = "dans la cible" if ratio <= RATIO_TARGET else "HORS CIBLE"
    print(  # noqa: T201
        f"{'api:worker-list (toutes les pages)':<40} API {full_ms:7.1f} ms | sérialisation seule "
        f"{bare_ms:6.1f} ms | ratio {ratio:5.2f} ({len(workers):,} salariés de "
        f"{adherent.name}, pages de {PAGE}) : {verdict} (cible {RATIO_TARGET:.0f})"
    )
