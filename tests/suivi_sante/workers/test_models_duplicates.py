"""The duplicate keys kept by triggers on the workers (issue 19, item 1): after every kind of
write they hold exactly what grouping the live workers gives, and the duplicates' list built
from them shows the groups the former GROUP BY over the scope's workers showed."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone

from suivi_sante.models import Worker, WorkerIdentityKey, WorkerNirKey
from suivi_sante.workers.selectors import duplicate_groups
from suivi_sante.workers.services import merge_workers
from suivi_sante.workers.services_duplicates import rebuild_duplicate_keys
from tests.adherents.factories import AdherentFactory
from tests.suivi_sante.agenda.support import ctx_of
from tests.suivi_sante.factories import WorkerFactory

pytestmark = pytest.mark.django_db
BORN = datetime.date(1990, 4, 2)
NIR_A, NIR_B = "190047512345678", "290047512345601"


def _stored() -> dict:
    """The key rows: each key, with its workers' ids in order."""
    nirs = {("nir", k.adherent_id, k.nir): sorted(k.worker_ids) for k in WorkerNirKey.objects.all()}
    people = {
        ("identity", k.adherent_id, k.last_name, k.first_name, k.birth_date): sorted(k.worker_ids)
        for k in WorkerIdentityKey.objects.all()
    }
    return nirs | people


def _grouped() -> dict:
    """The same, grouped from the live workers by PostgreSQL (lower() as the triggers')."""
    keys: dict = {}
    live = Worker.objects.filter(merged_into=None).order_by("pk")
    for pk, adherent_id, nir in live.exclude(nir="").values_list("pk", "adherent_id", "nir"):
        keys.setdefault(("nir", adherent_id, nir), []).append(pk)
    named = live.annotate(ln=Lower("last_name"), fn=Lower("first_name"))
    for pk, *key in named.values_list("pk", "adherent_id", "ln", "fn", "birth_date"):
        keys.setdefault(("identity", *key), []).append(pk)
    return keys


def _exact() -> dict:
    stored = _stored()
    assert stored == _grouped()
    return stored


def test_the_keys_follow_each_write_of_a_worker(world):
    """Create, rename into then out of a group, NIR entered then changed, merge, delete."""
    adherent = world.adherent
    _exact()
    first = WorkerFactory(adherent=adherent, last_name="Durand", first_name="Léa", birth_date=BORN)
    second = WorkerFactory(adherent=adherent, last_name="Morel", first_name="Léa", birth_date=BORN)
    assert _exact()[("identity", adherent.pk, "durand", "léa", BORN)] == [first.pk]

    second.last_name = "DURAND"  # renamed into the group (case aside)
    second.save()
    keys = _exact()
    assert keys[("identity", adherent.pk, "durand", "léa", BORN)] == [first.pk, second.pk]
    assert ("identity", adherent.pk, "morel", "léa", BORN) not in keys

    second.last_name = "Durand-Morel"  # and out of it
    second.save(update_fields=["last_name"])
    assert _exact()[("identity", adherent.pk, "durand", "léa", BORN)] == [first.pk]

    first.nir, second.nir = NIR_A, NIR_A
    first.save()
    second.save()
    assert _exact()[("nir", adherent.pk, NIR_A)] == [first.pk, second.pk]
    second.nir = NIR_B  # a NIR corrected: it leaves the NIR's group
    second.save()
    keys = _exact()
    assert keys[("nir", adherent.pk, NIR_A)] == [first.pk]
    assert keys[("nir", adherent.pk, NIR_B)] == [second.pk]

    second.nir = ""
    second.save()
    third = WorkerFactory(adherent=adherent, last_name="durand", first_name="LÉA", birth_date=BORN)
    assert _exact()[("identity", adherent.pk, "durand", "léa", BORN)] == [first.pk, third.pk]
    merge_workers(actor=ctx_of(world, "secretary"), keep=first, duplicate=third)
    keys = _exact()  # the merged record leaves every key
    assert keys[("identity", adherent.pk, "durand", "léa", BORN)] == [first.pk]
    assert third.pk not in {pk for ids in keys.values() for pk in ids}

    moved = WorkerFactory(adherent=adherent, last_name="Durand", first_name="Léa", birth_date=BORN)
    moved.adherent = world.other_adherent  # attached to another member: its keys follow
    moved.save()
    keys = _exact()
    assert keys[("identity", world.other_adherent.pk, "durand", "léa", BORN)] == [moved.pk]

    gone = WorkerFactory(adherent=adherent, last_name="Durand", first_name="Léa", birth_date=BORN)
    assert _exact()[("identity", adherent.pk, "durand", "léa", BORN)] == [first.pk, gone.pk]
    gone.delete()
    assert _exact()[("identity", adherent.pk, "durand", "léa", BORN)] == [first.pk]
    Worker.objects.filter(pk=moved.pk).delete()  # its last worker gone, the key row goes too
    assert ("identity", world.other_adherent.pk, "durand", "léa", BORN) not in _exact()


def test_the_keys_follow_statements_of_many_rows(world):
    """bulk_create (one INSERT of five rows), an UPDATE of four rows, bulk_update, a DELETE of
    three rows: each statement leaves the keys exact."""
    adherent = world.adherent
    rows = [
        Worker(adherent=adherent, last_name=name, first_name="Paul", birth_date=BORN, nir=nir)
        for name, nir in (
            ("Petit", NIR_A),
            ("PETIT", NIR_A),
            ("petit", ""),
            ("Roux", ""),
            ("Roux", NIR_B),
        )
    ]
    made = Worker.objects.bulk_create(rows)
    ids = [w.pk for w in made]
    keys = _exact()
    assert keys[("identity", adherent.pk, "petit", "paul", BORN)] == ids[:3]
    assert keys[("identity", adherent.pk, "roux", "paul", BORN)] == ids[3:]
    assert keys[("nir", adherent.pk, NIR_A)] == ids[:2]

    assert Worker.objects.filter(pk__in=ids[1:]).update(last_name="Roux") == 4
    keys = _exact()
    assert keys[("identity", adherent.pk, "petit", "paul", BORN)] == ids[:1]
    assert keys[("identity", adherent.pk, "roux", "paul", BORN)] == ids[1:]

    for worker in made:
        worker.first_name, worker.nir = "Paula", NIR_B
    Worker.objects.bulk_update(made, ["first_name", "nir"])
    keys = _exact()
    assert keys[("nir", adherent.pk, NIR_B)] == ids
    assert ("nir", adherent.pk, NIR_A) not in keys

    assert Worker.objects.filter(pk__in=ids[2:]).delete()[0] == 3
    assert _exact()[("nir", adherent.pk, NIR_B)] == ids[:2]


def test_a_rebuild_gives_what_the_triggers_kept(world):
    WorkerFactory.create_batch(3, adherent=world.adherent, last_name="Faure", birth_date=BORN)
    kept = _exact()
    rebuild_duplicate_keys()
    assert _stored() == kept


def _former_groups(ctx, limit: int = 50) -> list[list[int]]:
    """The list as it was computed before the keys (the oracle): GROUP BY over the scope."""
    base = Worker.objects.visible_to(ctx).filter(merged_into=None)
    nir_keys = list(
        base.exclude(nir="")
        .values("adherent_id", "nir")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("adherent_id", "nir")[:limit]
    )
    identity_keys = list(
        base.annotate(ln=Lower("last_name"), fn=Lower("first_name"))
        .values("adherent_id", "ln", "fn", "birth_date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("adherent_id", "ln", "fn")[:limit]
    )
    wanted = Q(pk__in=[])
    for key in nir_keys:
        wanted |= Q(adherent_id=key["adherent_id"], nir=key["nir"])
    for key in identity_keys:
        wanted |= Q(
            adherent_id=key["adherent_id"],
            last_name__iexact=key["ln"],
            first_name__iexact=key["fn"],
            birth_date=key["birth_date"],
        )
    shared_nirs = {(k["adherent_id"], k["nir"]) for k in nir_keys}
    groups: dict[tuple, list[int]] = {}
    for w in base.filter(wanted).order_by("pk"):
        if (w.adherent_id, w.nir) in shared_nirs:
            key: tuple = ("nir", w.adherent_id, w.nir)
        else:
            key = (
                "identity",
                w.adherent_id,
                w.last_name.lower(),
                w.first_name.lower(),
                w.birth_date,
            )
        groups.setdefault(key, []).append(w.pk)
    return [group for group in groups.values() if len(group) > 1]


def _mixed(world) -> None:
    """NIRs and identities shared or not, within and across members and centres, merged."""
    a, b = world.adherent, world.other_adherent
    elsewhere = AdherentFactory(team=world.other_team)

    def worker(adherent, last, first, born=BORN, nir=""):
        return WorkerFactory(
            adherent=adherent, last_name=last, first_name=first, birth_date=born, nir=nir
        )

    worker(a, "Blanc", "Anne", nir=NIR_A)
    worker(a, "Noir", "Luc", nir=NIR_A)  # a NIR shared under other names
    worker(b, "Vert", "Eva", nir=NIR_B)
    worker(a, "Vert", "Eva", nir=NIR_B)  # the same NIR at two members: no group
    for last, first in (("Dupont", "Marie"), ("DUPONT", "MARIE"), ("dupont", "marie")):
        worker(a, last, first)
    worker(b, "Gros", "Jean")
    worker(b, "Gros", "Jean", born=BORN.replace(year=1991))  # another birth date: no group
    # Blanc Anne again, without NIR: a pair with the NIR group's Blanc, who is shown in the
    # NIR's group only; the one left is no group.
    worker(a, "BLANC", "anne")
    worker(b, "Leroy", "Zoé")
    worker(b, "Leroy", "Zoé", nir=NIR_A)
    worker(b, "LEROY", "ZOÉ")
    merged = worker(a, "Dupont", "Marie")
    Worker.objects.filter(pk=merged.pk).update(merged_into=world.worker, merged_at=timezone.now())
    worker(elsewhere, "Simon", "Paul")
    worker(elsewhere, "Simon", "Paul")  # another centre's pair: out of the scope


def test_the_list_shows_the_groups_the_grouping_showed(world):
    _mixed(world)
    ctx = ctx_of(world, "secretary")
    shown = [[w.pk for w in group] for group in duplicate_groups(ctx)]
    assert shown == _former_groups(ctx)
    assert len(shown) == 3  # NIR_A at a, the Dupont triple, the Leroy triple at b
    for limit in (1, 2):
        assert [[w.pk for w in g] for g in duplicate_groups(ctx, limit=limit)] == _former_groups(
            ctx, limit
        )
    other = ctx_of(world, "physician_other")
    assert [[w.pk for w in g] for g in duplicate_groups(other)] == _former_groups(other)
    assert _exact()


def test_the_list_reads_no_worker_but_those_it_shows(world):
    """Three thousand workers, two groups: the keys come from their partial indexes, the
    workers by primary key; the workers' table is never scanned (fresh statistics, the
    planner's own choice)."""
    from django.test.utils import CaptureQueriesContext

    from tests.test_keyset_pagination import _grow

    _mixed(world)
    _grow(
        Worker,
        3000,
        last_name="'N' || lpad(n::text, 5, '0')",
        nir="(CASE WHEN n %% 2 = 0 THEN lpad(n::text, 15, '0') ELSE '' END)",
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE suivi_sante_workernirkey, suivi_sante_workeridentitykey")
    ctx = ctx_of(world, "secretary")
    with CaptureQueriesContext(connection) as queries:
        groups = duplicate_groups(ctx)
    assert len(groups) == 3  # the copies are alike but for their names and NIRs
    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute(f"EXPLAIN {query['sql']}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert len(plans) == 3
    assert "worker_nir_group_idx" in plans[0], plans[0]
    assert "worker_identity_group_idx" in plans[1], plans[1]
    assert "suivi_sante_worker_pkey" in plans[2], plans[2]
    assert not any(re.search(r"Seq Scan on suivi_sante_worker\b", plan) for plan in plans), plans
    # The planner knows how few keys are groups (statistics of migration 0023): the group
    # indexes' scans are estimated at a handful of rows, not a third of the keys (without them,
    # it walked the scope's members to join them, 7.5 ms on the large dataset for 3 groups).
    names = ("worker_nir_group_idx", "worker_identity_group_idx")
    for plan, index in zip(plans[:2], names, strict=True):
        scan = next(line for line in plan.splitlines() if index in line)
        assert int(re.search(r"rows=(\d+)", scan).group(1)) <= 10, plan


def test_a_name_of_full_length_saves_and_groups(world):
    """A worker's name may take its 100 characters, of letters lower() may lengthen under
    some collations (« İ » gives two code points in Python and ICU; one under this database's
    C.UTF-8): the worker is saved, and two such records of a member make a group (the key
    columns are text, never a limit a worker's write could fail on)."""
    name = "İ" * 100
    first = WorkerFactory(
        adherent=world.adherent, last_name=name, first_name="Ada", birth_date=BORN
    )
    second = WorkerFactory(
        adherent=world.adherent, last_name=name, first_name="Ada", birth_date=BORN
    )
    keys = _exact()
    assert [first.pk, second.pk] in keys.values()
