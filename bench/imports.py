"""`make bench`: the dry run of a member import, as time per 1,000 lines.

A CSV of new members (valid SIRENs, real NAF codes, a team of the centre) goes through the
same path as the Celery task (file reading, django-import-export in chunks, line-level
checks), in dry run: nothing stays. The baseline, in the same run, writes the same members
with one bulk INSERT and rolls it back: the least the database itself must do. The ratio is
the price of reading, checking and reporting line by line.
"""

from __future__ import annotations

import datetime
import time

ROWS = 2_000
PER = 1_000


def _csv(team_name: str, rows: int) -> bytes:
    from adherents.rules.identifiers import luhn_complete

    lines = ["raison_sociale;siren;code_naf;equipe;date_adhesion"]
    for i in range(rows):
        siren = luhn_complete(f"{97_000_000 + i:08d}")  # outside the seeded ranges
        lines.append(f"Entreprise importée {i};{siren};43.21A;{team_name};02/01/2026")
    return "\n".join(lines).encode()


def run(rows: int = ROWS) -> None:
    """Print the dry run's time per 1,000 lines and its ratio to a bare bulk insert."""
    from django.db import transaction

    from accounts.models import Team
    from adherents.imports.resources import build_resource
    from adherents.imports.services import _table_for, process
    from adherents.models import Adherent
    from adherents.rules.identifiers import luhn_complete

    team = Team.objects.order_by("pk").first()
    content = _csv(team.name, rows)
    resource = build_resource("adherents", team_ids=[team.pk])

    start = time.perf_counter()
    summary = process(_table_for("bench.csv", content, resource), resource, dry_run=True)
    full = time.perf_counter() - start
    assert summary.error_count == 0, summary
    assert not Adherent.objects.filter(siren=luhn_complete("97000000")).exists()

    start = time.perf_counter()
    with transaction.atomic():
        Adherent.objects.bulk_create(
            Adherent(
                name=f"Entreprise importée {i}",
                siren=luhn_complete(f"{97_000_000 + i:08d}"),
                naf_code="43.21A",
                team=team,
                joined_on=datetime.date(2026, 1, 2),
            )
            for i in range(rows)
        )
        transaction.set_rollback(True)
    bare = time.perf_counter() - start
    print(  # noqa: T201
        f"{'import adhérents (simulation), par 1 000 lignes':<40} complet "
        f"{full * PER / rows:7.2f} s | insertion en masse seule {bare * PER / rows:6.2f} s | "
        f"ratio {full / bare:5.1f}"
    )
