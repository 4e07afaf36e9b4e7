"""`make bench`: the REST API's worker list (issue 18, item 7) for the member with the most
workers of the large dataset (about 1,000), versus a bare serialization of the same rows.

The full measure walks the whole list through the API with a personal access token (cursor
pages of 200: authentication, the access context, the query, the serializer, JSON); the
baseline serializes and renders the same workers, already in memory, with the same serializer.
Target: a ratio of 2 at most. The token is created and dropped inside a rolled-back transaction:
the dataset stays as seeded.
"""

from __future__ import annotations

import datetime

from bench.timing import median_ms

ROUNDS = 10
RATIO_TARGET = 2.0
PAGE = 200


def run() -> None:
    from django.conf import settings
    from django.db import transaction
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from rest_framework.renderers import JSONRenderer

    from accounts.enums import AdherentRole
    from adherents.models import Adherent, AdherentMembership
    from api.authentication import token_context
    from api.models import ApiToken
    from api.tokens.services import SECRET_PREFIX, hash_secret
    from api.workers.serializers import WorkerSerializer
    from api.workers.views_api import api_workers, with_employments
    from suivi_sante.workers import selectors

    adherent = (
        Adherent.objects.filter(memberships__role=AdherentRole.ADMIN)
        .annotate(n=Count("workers", distinct=True))
        .order_by("-n")
        .first()
    )
    if adherent is None:
        print("API : aucun adhérent avec un administrateur dans le jeu de données.")  # noqa: T201
        return
    admin = AdherentMembership.objects.filter(adherent=adherent, role=AdherentRole.ADMIN).first()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.SPSTI_API_RATE = "1000000/min"
    with transaction.atomic():
        secret = f"{SECRET_PREFIX}bench-{'x' * 40}"
        token = ApiToken.objects.create(
            name="bench",
            prefix=secret[:12],
            secret_hash=hash_secret(secret),
            user=admin.user,
            adherent=adherent,
            scopes=["workers:read"],
            expires_at=timezone.now() + datetime.timedelta(hours=1),
        )
        client = Client(headers={"Authorization": f"Bearer {secret}"})
        first_page = f"{reverse('api:worker-list')}?taille={PAGE}"
        counted: dict[str, int] = {}

        def full() -> None:
            url, rows = first_page, 0
            while url:
                response = client.get(url)
                assert response.status_code == 200, response.content[:200]
                body = response.json()
                rows += len(body["results"])
                url = body["next"]
            counted["rows"] = rows

        ctx = token_context(token)
        workers = with_employments(list(api_workers(selectors.worker_list(ctx)).order_by("pk")))

        def bare() -> None:
            for start in range(0, len(workers), PAGE):
                JSONRenderer().render(
                    WorkerSerializer(workers[start : start + PAGE], many=True).data
                )

        full_ms, bare_ms = median_ms(full, ROUNDS), median_ms(bare, ROUNDS)
        transaction.set_rollback(True)
    ratio = full_ms / bare_ms if bare_ms else float("inf")
    verdict = "dans la cible" if ratio <= RATIO_TARGET else "HORS CIBLE"
    print(  # noqa: T201
        f"{'api:worker-list (toutes les pages)':<40} API {full_ms:7.1f} ms | sérialisation seule "
        f"{bare_ms:6.1f} ms | ratio {ratio:5.2f} ({counted.get('rows', 0):,} salariés de "
        f"{adherent.name}, pages de {PAGE}) : {verdict} (cible {RATIO_TARGET:.0f})"
    )
