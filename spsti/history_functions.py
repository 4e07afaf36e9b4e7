"""pgtrigger's and pghistory's two PL/pgSQL helpers, rewritten without an EXCEPTION block.

Every row a tracked table writes calls, in its trigger, ``_pgtrigger_should_ignore(TG_NAME)``
(django-pgtrigger 4.17.0, ``pgtrigger/compiler.py``) and, unless ignored,
``_pgh_attach_context()`` (django-pghistory 3.9.2, ``pghistory/models.py``). Both read their
custom setting with ``CURRENT_SETTING(name)`` inside ``BEGIN … EXCEPTION WHEN OTHERS THEN END``,
so that a missing (or empty) setting is swallowed. In PL/pgSQL a block with an EXCEPTION clause
opens a subtransaction each time it is entered: one per row written, and in one transaction
their cost grows faster than the rows (10,000 workers inserted by ``INSERT … SELECT`` took 0.14 s
without trigger, 2.2 s with; 20,000: 0.22 s against 5.4 s; issue 19, docs/mesures.md "Import de
salariés").

Here the same functions, same names, signatures and return types, read
``current_setting(name, true)`` (missing_ok: NULL when never set) and treat an empty string as
unset: once a session has set a custom setting (``set_config(…, true)``, pgtrigger.ignore and
pghistory.context do so), it reads back ``''``, not NULL, after the transaction, which the
libraries' casts (``''::text[]``, ``''::uuid``) turned into a swallowed error. A setting with a
value behaves as before: the named triggers ignored, the context upserted (ON CONFLICT on its id,
metadata updated when it changed) and its id returned.

They are installed after every ``migrate`` (post_migrate, also on the test database): pgtrigger
re-creates its function each time a migration installs a trigger, and pghistory re-creates its
own in its post_migrate handler (``install_context_func_on_migrate``), both for their own app's
signal only. Ours listens to every app's signal and installs on the last one Django sends (the
last app with models): after the migrations and after both libraries' handlers, whatever the
order of INSTALLED_APPS. Upgrading either library: compare its function with this one.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections

SHOULD_IGNORE = """
    CREATE OR REPLACE FUNCTION {name}(trigger_name NAME)
    RETURNS BOOLEAN AS $$
        DECLARE
            _pgtrigger_ignore TEXT[] := NULLIF(current_setting('pgtrigger.ignore', true), '');
        BEGIN
            IF _pgtrigger_ignore IS NOT NULL THEN
                RETURN trigger_name = ANY(_pgtrigger_ignore);
            ELSE
                RETURN FALSE;
            END IF;
        END;
    $$ LANGUAGE plpgsql;
"""

ATTACH_CONTEXT = """
    CREATE OR REPLACE FUNCTION _pgh_attach_context()
    RETURNS {table}.id%TYPE AS $$
        DECLARE
            _pgh_context_id UUID := NULLIF(current_setting('pghistory.context_id', true), '');
            _pgh_context_metadata JSONB
                := NULLIF(current_setting('pghistory.context_metadata', true), '');
        BEGIN
            IF _pgh_context_id IS NOT NULL AND _pgh_context_metadata IS NOT NULL THEN
                INSERT INTO {table} (id, metadata, created_at, updated_at)
                    VALUES (_pgh_context_id, _pgh_context_metadata, NOW(), NOW())
                    ON CONFLICT (id) DO UPDATE
                        SET metadata = EXCLUDED.metadata,
                            updated_at = EXCLUDED.updated_at
                        WHERE {table}.metadata != EXCLUDED.metadata;
                RETURN _pgh_context_id;
            ELSE
                RETURN NULL;
            END IF;
        END;
    $$ LANGUAGE plpgsql;
"""


def install(using: str = DEFAULT_DB_ALIAS) -> None:
    """Create or replace both functions on the database ``using``."""
    from pghistory.models import Context
    from pgtrigger.core import _ignore_func_name

    with connections[using].cursor() as cursor:
        cursor.execute(SHOULD_IGNORE.format(name=_ignore_func_name()))
        cursor.execute(ATTACH_CONTEXT.format(table=Context._meta.db_table))


def install_on_migrate(app_config, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver for every app's signal; installs on the last one sent (Django
    sends it to each app that has a models module, in INSTALLED_APPS order)."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if app_config is last:
        install(using)
