"""DueVisit.adherent: the worker's current member on each due row, kept by the database; the
member's index; the end date of a contract in the employments' index.

The portal read a member's due rows through their workers: PostgreSQL walked the centre's rows
in date order (due_order_idx) and probed each one's worker for its member (10,500 probes for
a page of 51 on the large dataset's largest member), and the dashboard's count probed every row.

Plain triggers, not pgtrigger's (as adherents 0018 and prevention 0007): the bulk loads set
`pgtrigger.ignore` for the pgtrigger triggers of the tables they COPY into, and this member
must follow every row.
- A worker whose member changes takes its due rows along, in the same statement (their team
  too: the new member's, as a recomputation would write it).
- A due row inserted without a member takes its worker's (the writers give it: services_store,
  demo/large_history.py; the trigger is the safety net, fired only on a NULL). An update that
  moves a row to another worker or sets its member reads it again from the worker.
The backfill first locks the workers against writes (the lock CREATE TRIGGER would take) until
this migration commits: no worker moves between the members it reads and the triggers. The
foreign key's checks run with the backfill (not at commit): the column is then made NOT
NULL, which PostgreSQL refuses while the table has checks pending.
"""

import django.db.models.deletion
from django.db import migrations, models

# The row's member read from its worker: the trigger function of the due rows here, and of the
# visits in 0025 (both tables have worker_id and adherent_id).
TRIGGERS = """
CREATE FUNCTION suivi_sante_member_of_worker() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT w.adherent_id INTO NEW.adherent_id
    FROM suivi_sante_worker AS w WHERE w.id = NEW.worker_id;
    RETURN NEW;
END;
$$;

CREATE TRIGGER due_member_insert BEFORE INSERT ON suivi_sante_duevisit
FOR EACH ROW WHEN (NEW.adherent_id IS NULL) EXECUTE FUNCTION suivi_sante_member_of_worker();

CREATE TRIGGER due_member_update BEFORE UPDATE OF worker_id, adherent_id ON suivi_sante_duevisit
FOR EACH ROW WHEN (
    (NEW.worker_id, NEW.adherent_id) IS DISTINCT FROM (OLD.worker_id, OLD.adherent_id)
) EXECUTE FUNCTION suivi_sante_member_of_worker();

CREATE FUNCTION suivi_sante_worker_due_visits_member() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE suivi_sante_duevisit AS d
    SET adherent_id = NEW.adherent_id,
        team_id = coalesce(
            (SELECT a.team_id FROM adherents_adherent AS a WHERE a.id = NEW.adherent_id),
            d.team_id
        )
    WHERE d.worker_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER worker_due_visits_member AFTER UPDATE OF adherent_id ON suivi_sante_worker
FOR EACH ROW WHEN (OLD.adherent_id IS DISTINCT FROM NEW.adherent_id)
EXECUTE FUNCTION suivi_sante_worker_due_visits_member();
"""

DROP = """
DROP TRIGGER worker_due_visits_member ON suivi_sante_worker;
DROP FUNCTION suivi_sante_worker_due_visits_member();
DROP TRIGGER due_member_update ON suivi_sante_duevisit;
DROP TRIGGER due_member_insert ON suivi_sante_duevisit;
DROP FUNCTION suivi_sante_member_of_worker();
"""

BACKFILL = """
LOCK TABLE suivi_sante_worker IN SHARE ROW EXCLUSIVE MODE;
SET CONSTRAINTS ALL IMMEDIATE;
UPDATE suivi_sante_duevisit AS d SET adherent_id = w.adherent_id
FROM suivi_sante_worker AS w WHERE w.id = d.worker_id;
SET CONSTRAINTS ALL DEFERRED;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("adherents", "0018_adherent_last_primary_action"),
        ("suivi_sante", "0023_duplicate_keys_group_statistics"),
    ]

    operations = [
        migrations.AddField(
            model_name="duevisit",
            name="adherent",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="adherents.adherent",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGERS, DROP),
        migrations.AlterField(
            model_name="duevisit",
            name="adherent",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="adherents.adherent",
            ),
        ),
        migrations.AddIndex(
            model_name="duevisit",
            index=models.Index(fields=["adherent", "due_on"], name="due_adherent_idx"),
        ),
        migrations.RemoveIndex(model_name="employment", name="employment_worker_idx"),
        migrations.AddIndex(
            model_name="employment",
            index=models.Index(
                fields=["worker", "start_on"], include=["end_on"], name="employment_worker_idx"
            ),
        ),
        # The new column's statistics, which the portal's plans rest on.
        migrations.RunSQL("ANALYZE suivi_sante_duevisit", migrations.RunSQL.noop),
    ]
