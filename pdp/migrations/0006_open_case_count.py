"""The centre's open cases per owner, kept by the database (issue 19): the caseload page reads
these few rows instead of counting the centre's open cases (43,750 of 50,000 on the bench) on
each request.

A plain trigger, not pgtrigger's (as suivi_sante 0024): the bulk loads set `pgtrigger.ignore`
for the pgtrigger triggers, and this count must follow every row. After each row inserted,
deleted, or updated in its step, owner or centre, the row's former key loses one open case
and its new key gains one, in the same transaction: the count is never behind the cases, and
no application code writes it. The backfill first locks the cases against writes (the lock
CREATE TRIGGER takes anyway) until this migration commits: no case changes between the count
it reads and the trigger.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TRIGGER = """
CREATE FUNCTION pdp_open_case_count() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    leaving boolean := TG_OP <> 'INSERT' AND OLD.status <> 'closed';
    joining boolean := TG_OP <> 'DELETE' AND NEW.status <> 'closed';
    new_first boolean := false;
BEGIN
    -- A reassignment touches two count rows: they are locked in one order (centre, then
    -- owner, the unassigned first), so that two reassignments in opposite directions wait for
    -- each other instead of deadlocking.
    IF leaving AND joining THEN
        new_first := (NEW.center_id, coalesce(NEW.owner_id, 0))
            < (OLD.center_id, coalesce(OLD.owner_id, 0));
    END IF;
    IF joining AND new_first THEN
        INSERT INTO pdp_opencasecount (center_id, owner_id, open_count)
        VALUES (NEW.center_id, NEW.owner_id, 1)
        ON CONFLICT (center_id, owner_id)
        DO UPDATE SET open_count = pdp_opencasecount.open_count + 1;
    END IF;
    IF leaving THEN
        UPDATE pdp_opencasecount SET open_count = open_count - 1
        WHERE center_id = OLD.center_id AND owner_id IS NOT DISTINCT FROM OLD.owner_id;
    END IF;
    IF joining AND NOT new_first THEN
        INSERT INTO pdp_opencasecount (center_id, owner_id, open_count)
        VALUES (NEW.center_id, NEW.owner_id, 1)
        ON CONFLICT (center_id, owner_id)
        DO UPDATE SET open_count = pdp_opencasecount.open_count + 1;
    END IF;
    RETURN NULL;
END;
$$;

LOCK TABLE pdp_pdpcase IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO pdp_opencasecount (center_id, owner_id, open_count)
SELECT center_id, owner_id, count(*) FROM pdp_pdpcase WHERE status <> 'closed'
GROUP BY center_id, owner_id;

CREATE TRIGGER pdp_open_case_count_insert_delete AFTER INSERT OR DELETE ON pdp_pdpcase
FOR EACH ROW EXECUTE FUNCTION pdp_open_case_count();

CREATE TRIGGER pdp_open_case_count_update AFTER UPDATE OF status, owner_id, center_id
ON pdp_pdpcase FOR EACH ROW WHEN (
    (OLD.status = 'closed', OLD.owner_id, OLD.center_id)
    IS DISTINCT FROM (NEW.status = 'closed', NEW.owner_id, NEW.center_id)
) EXECUTE FUNCTION pdp_open_case_count();
"""

REVERSE = """
DROP TRIGGER pdp_open_case_count_update ON pdp_pdpcase;
DROP TRIGGER pdp_open_case_count_insert_delete ON pdp_pdpcase;
DROP FUNCTION pdp_open_case_count();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_management_staff_roles"),
        ("pdp", "0005_case_vacuum"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="OpenCaseCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("open_count", models.IntegerField(default=0)),
                (
                    "center",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="accounts.healthcenter",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "dossiers PDP ouverts par référent",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("center", "owner"),
                        name="pdp_open_count_key",
                        nulls_distinct=False,
                    ),
                ],
            },
        ),
        migrations.RunSQL(TRIGGER, REVERSE),
    ]
