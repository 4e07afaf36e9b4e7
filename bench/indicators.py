"""The follow-up indicators' pages on the large dataset, warm, as in production (DEBUG off).

« Indicateurs du suivi » (the centre's last 365 days: totals, split, absence rate per member)
for the first physician of the dataset (bench.__main__.staff_session), and one member's
convocations with its rate (the largest member of the centre, and a small one). Median of
``ROUNDS`` requests after a warm-up.

    DEBUG=true DATABASE_URL=<the bench database> python -c "import bench.indicators as b; b.main()"
"""

from __future__ import annotations

import os

ROUNDS = 10


def run(rounds: int = ROUNDS) -> None:
    from django.conf import settings
    from django.db.models import Count
    from django.urls import reverse

    from accounts.enums import StaffRole
    from adherents.models import Adherent
    from bench.__main__ import staff_session
    from bench.timing import as_in_production, median_ms

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client, _, ctx = staff_session(StaffRole.PHYSICIAN)
    members = (
        Adherent.objects.filter(team_id__in=ctx.team_ids)
        .annotate(n=Count("workers"))
        .order_by("-n", "pk")
        .values_list("pk", "n")
    )
    largest, smallest = members.first(), members.filter(n__gte=10).last()
    pages = [("indicateurs du suivi", reverse("backoffice:suivi_sante:followup-indicators"))]
    for label, (pk, workers) in (("grand", largest), ("petit", smallest)):
        url = reverse("backoffice:suivi_sante:adherent-convocations", args=[pk])
        pages.append((f"convocations d'un {label} adhérent ({workers:,} salariés)", url))
    for label, url in pages:

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)  # noqa: S101

        with as_in_production():
            print(f"{label:<52} {median_ms(get, rounds):8.1f} ms")  # noqa: T201


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spsti.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    run()
