"""Visit.adherent: the worker's member when booked, kept by every writer and by the database.

The column is filled by rewriting the table (ALTER COLUMN ... TYPE ... USING, the member read
from the worker by a function of this session), not by an UPDATE of every visit: an UPDATE
writes a second version of every row and of each of its index entries (the table and indexes
twice their size until vacuumed), where the rewrite writes the table once and builds each index
once. On a table of 1 M rows shaped as the visits (same indexes): UPDATE 64 s, rewrite 13.5 s.
On the large dataset's 4.5 M visits this migration takes 40 to 54 s, during which the table's
exclusive lock holds reads too, as a column type change does. pghistory's triggers are off
meanwhile (removed, then added back below): filling a derived column is no event of the visit.
The events get the same column, from their worker.

Then a plain trigger, not pgtrigger's (as adherents 0018 / prevention 0007): a writer that
leaves the member out (an INSERT without it, a COPY) gets the worker's, and the bulk loads,
which switch pgtrigger's triggers off (demo/large_history.py), keep it too. Then the indexes,
and the statistics of the new column (the aggregate's plan rests on its number of members).
0026 vacuums, outside a transaction.
"""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


FILL = """
CREATE FUNCTION pg_temp.worker_adherent(worker bigint) RETURNS bigint
LANGUAGE sql STABLE AS 'SELECT adherent_id FROM suivi_sante_worker WHERE id = worker';

ALTER TABLE suivi_sante_visit ADD COLUMN adherent_id bigint;
ALTER TABLE suivi_sante_visit
    ALTER COLUMN adherent_id TYPE bigint USING pg_temp.worker_adherent(worker_id),
    ALTER COLUMN adherent_id SET NOT NULL;
ALTER TABLE suivi_sante_visit
    ADD CONSTRAINT suivi_sante_visit_adherent_id_55ecac85_fk_adherents_adherent_id
    FOREIGN KEY (adherent_id) REFERENCES adherents_adherent (id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE suivi_sante_visitevent ADD COLUMN adherent_id bigint;
ALTER TABLE suivi_sante_visitevent
    ALTER COLUMN adherent_id TYPE bigint USING pg_temp.worker_adherent(worker_id),
    ALTER COLUMN adherent_id SET NOT NULL;

DROP FUNCTION pg_temp.worker_adherent(bigint);
"""

UNFILL = """
ALTER TABLE suivi_sante_visitevent DROP COLUMN adherent_id;
ALTER TABLE suivi_sante_visit DROP COLUMN adherent_id;
"""

# The due rows' function (0024): the member read from the worker. WHEN: a writer that names
# the member (the services, the bulk loads) pays nothing more.
TRIGGER = """
CREATE TRIGGER visit_adherent_from_worker BEFORE INSERT ON suivi_sante_visit
FOR EACH ROW WHEN (NEW.adherent_id IS NULL) EXECUTE FUNCTION suivi_sante_member_of_worker();
"""

DROP_TRIGGER = "DROP TRIGGER visit_adherent_from_worker ON suivi_sante_visit;"


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_management_staff_roles'),
        ('adherents', '0018_adherent_last_primary_action'),
        ('suivi_sante', '0024_due_visit_adherent'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='visit',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='visit',
            name='update_update',
        ),
        migrations.RemoveIndex(
            model_name='visit',
            name='visit_team_sched_idx',
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name='visit',
                    name='adherent',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='adherents.adherent', verbose_name='adhérent'),
                ),
                migrations.AddField(
                    model_name='visitevent',
                    name='adherent',
                    field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='adherents.adherent', verbose_name='adhérent'),
                ),
            ],
            database_operations=[migrations.RunSQL(FILL, UNFILL)],
        ),
        migrations.RunSQL(TRIGGER, DROP_TRIGGER),
        migrations.AddIndex(
            model_name='visit',
            index=models.Index(fields=['team', 'scheduled_at'], include=('adherent', 'status', 'mode', 'performer', 'kind'), name='visit_team_sched_idx'),
        ),
        migrations.AddIndex(
            model_name='visit',
            index=models.Index(fields=['adherent', 'scheduled_at'], include=('team', 'status'), name='visit_adherent_sched_idx'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='visit',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "suivi_sante_visitevent" ("adherent_id", "booked_by_id", "created_at", "due_on", "due_reason", "employment_id", "held_at", "id", "is_shared_with_employer", "kind", "mode", "performer", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "professional_id", "protocol_id", "rebooked_from_id", "referred_to_physician", "scheduled_at", "slot_id", "status", "status_note", "team_id", "teleconsultation_consent_at", "updated_at", "worker_id") VALUES (NEW."adherent_id", NEW."booked_by_id", NEW."created_at", NEW."due_on", NEW."due_reason", NEW."employment_id", NEW."held_at", NEW."id", NEW."is_shared_with_employer", NEW."kind", NEW."mode", NEW."performer", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."professional_id", NEW."protocol_id", NEW."rebooked_from_id", NEW."referred_to_physician", NEW."scheduled_at", NEW."slot_id", NEW."status", NEW."status_note", NEW."team_id", NEW."teleconsultation_consent_at", NEW."updated_at", NEW."worker_id"); RETURN NULL;', hash='81d1b1e36f9a4510b5eba8605677800b5b4c9043', operation='INSERT', pgid='pgtrigger_insert_insert_c25eb', table='suivi_sante_visit', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='visit',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "suivi_sante_visitevent" ("adherent_id", "booked_by_id", "created_at", "due_on", "due_reason", "employment_id", "held_at", "id", "is_shared_with_employer", "kind", "mode", "performer", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "professional_id", "protocol_id", "rebooked_from_id", "referred_to_physician", "scheduled_at", "slot_id", "status", "status_note", "team_id", "teleconsultation_consent_at", "updated_at", "worker_id") VALUES (NEW."adherent_id", NEW."booked_by_id", NEW."created_at", NEW."due_on", NEW."due_reason", NEW."employment_id", NEW."held_at", NEW."id", NEW."is_shared_with_employer", NEW."kind", NEW."mode", NEW."performer", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."professional_id", NEW."protocol_id", NEW."rebooked_from_id", NEW."referred_to_physician", NEW."scheduled_at", NEW."slot_id", NEW."status", NEW."status_note", NEW."team_id", NEW."teleconsultation_consent_at", NEW."updated_at", NEW."worker_id"); RETURN NULL;', hash='4b8680a56495e5ff21117acb42ace88439951a74', operation='UPDATE', pgid='pgtrigger_update_update_20c8d', table='suivi_sante_visit', when='AFTER')),
        ),
        migrations.RunSQL("ANALYZE suivi_sante_visit", migrations.RunSQL.noop),
    ]
