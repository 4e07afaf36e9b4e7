"""pgtrigger's and pghistory's helpers without EXCEPTION block (spsti/history_functions.py):
installed after every migrate (and over the libraries' own versions), same behaviour: the named
trigger ignored and only it, the context attached and its metadata updated, nothing attached
once a block has ended (the setting then reads ''), and the same history rows as the libraries'
functions write."""

import datetime

import pghistory
import pgtrigger
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from pghistory.models import Context

from suivi_sante.models import Employment, Worker
from tests.adherents.factories import AdherentFactory, EstablishmentFactory

pytestmark = pytest.mark.django_db
START = datetime.date(2026, 3, 2)

FUNCTIONS = """
    SELECT proname, prosrc, pg_get_function_arguments(oid), pg_get_function_result(oid)
    FROM pg_proc
    WHERE proname IN ('_pgtrigger_should_ignore', '_pgh_attach_context')
      AND pronamespace = 'public'::regnamespace
"""


def _functions() -> dict[str, tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(FUNCTIONS)
        return {name: (source, arguments, result) for name, source, arguments, result in cursor}


def _install_the_libraries_functions() -> None:
    """What pgtrigger runs when it installs a trigger, and pghistory after its migrations."""
    pgtrigger.install("suivi_sante.Worker:update_update")
    Context.install_pgh_attach_context_func()


def _setting(name: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [name])
        return cursor.fetchone()[0]


def _worker(adherent, last_name="Durand") -> Worker:
    return Worker.objects.create(
        adherent=adherent,
        last_name=last_name,
        first_name="Alice",
        birth_date=datetime.date(1990, 4, 1),
        sex=Worker.Sex.FEMALE,
    )


def _events(model, pk) -> list[tuple]:
    """(label, last name or job, context metadata or None) of one row, in order."""
    events = model.pgh_event_model.objects.filter(pgh_obj_id=pk).order_by("pgh_id")
    named = "last_name" if model is Worker else "job_title"
    metadata = dict(Context.objects.values_list("id", "metadata"))
    return [
        (
            e.pgh_label,
            getattr(e, named),
            metadata.get(e.pgh_context_id) if e.pgh_context_id else None,
        )
        for e in events
    ]


def test_the_installed_functions_have_no_exception_block_and_the_same_signatures():
    functions = _functions()

    assert set(functions) == {"_pgtrigger_should_ignore", "_pgh_attach_context"}
    for source, _arguments, _result in functions.values():
        assert "EXCEPTION" not in source.upper()
        assert "current_setting(" in source
    assert functions["_pgtrigger_should_ignore"][1:] == ("trigger_name name", "boolean")
    assert functions["_pgh_attach_context"][1:] == ("", "uuid")


def test_migrate_installs_ours_again_over_the_libraries_functions():
    _install_the_libraries_functions()
    assert all("EXCEPTION" in source for source, *_ in _functions().values())

    call_command("migrate", verbosity=0)  # an existing database: nothing to apply

    assert not any("EXCEPTION" in source.upper() for source, *_ in _functions().values())


def test_ignore_skips_the_named_trigger_and_only_it():
    establishment = EstablishmentFactory()
    with pgtrigger.ignore("suivi_sante.Worker:insert_insert"):
        worker = _worker(establishment.adherent)
        Worker.objects.filter(pk=worker.pk).update(last_name="DURAND")
        post = Employment.objects.create(
            worker=worker, establishment=establishment, job_title="Vendeuse", start_on=START
        )

    assert _events(Worker, worker.pk) == [("update", "DURAND", None)]
    assert _events(Employment, post.pk) == [("insert", "Vendeuse", None)]


def test_context_is_attached_and_a_nested_context_updates_its_metadata():
    adherent = AdherentFactory()
    with pghistory.context(source="import") as context:
        worker = _worker(adherent)
        assert Context.objects.get(pk=context.id).metadata == {"source": "import"}
        with pghistory.context(line=2):
            Worker.objects.filter(pk=worker.pk).update(last_name="DURAND")

    stored = Context.objects.get(pk=context.id)
    assert stored.metadata == {"source": "import", "line": 2}
    assert list(
        Worker.pgh_event_model.objects.filter(pgh_obj_id=worker.pk).values_list(
            "pgh_label", "pgh_context_id"
        )
    ) == [("insert", context.id), ("update", context.id)]


def test_once_a_block_has_ended_the_empty_settings_write_history_without_context():
    adherent = AdherentFactory()
    with transaction.atomic():  # its end resets the transaction's settings, as a commit does
        with pghistory.context(source="import"):
            _worker(adherent, "Avant")
        transaction.set_rollback(True)
    with pgtrigger.ignore("suivi_sante.Worker:insert_insert"):
        _worker(adherent, "Ignoré")
    # Set once in this session, reset since: '' (the libraries' casts of '' raised, swallowed).
    assert _setting("pghistory.context_id") == ""
    assert _setting("pghistory.context_metadata") == ""
    assert _setting("pgtrigger.ignore") == ""

    worker = _worker(adherent, "Après")
    Worker.objects.filter(pk=worker.pk).update(last_name="APRÈS")

    assert _events(Worker, worker.pk) == [("insert", "Après", None), ("update", "APRÈS", None)]


def _scenario(establishment) -> list[tuple]:
    """Writes through every path of both functions; the history rows they leave."""
    with pghistory.context(source="import"):
        worker = _worker(establishment.adherent)
        with pghistory.context(line=3):
            Worker.objects.filter(pk=worker.pk).update(last_name="DURAND")
    with pgtrigger.ignore("suivi_sante.Worker:update_update"):
        Worker.objects.filter(pk=worker.pk).update(last_name="Ignorée")
        post = Employment.objects.create(
            worker=worker, establishment=establishment, job_title="Vendeuse", start_on=START
        )
    Employment.objects.filter(pk=post.pk).update(job_title="Caissière")
    with pgtrigger.ignore(
        "suivi_sante.Worker:insert_insert", "suivi_sante.Employment:insert_insert"
    ):
        other = _worker(establishment.adherent, "Martin")
        Worker.objects.filter(pk=other.pk).update(last_name="MARTIN")
    return [*_events(Worker, worker.pk), *_events(Employment, post.pk), *_events(Worker, other.pk)]


def test_the_history_rows_are_the_ones_the_libraries_functions_wrote():
    establishment = EstablishmentFactory()
    with transaction.atomic():
        _install_the_libraries_functions()
        assert all("EXCEPTION" in source for source, *_ in _functions().values())
        before = _scenario(establishment)
        transaction.set_rollback(True)  # their functions and rows too

    assert not any("EXCEPTION" in source.upper() for source, *_ in _functions().values())
    after = _scenario(establishment)

    assert after == before
    assert ("update", "Ignorée", None) not in after
    assert len(after) == 5
