"""Adherent.last_primary_action_on kept by the database: triggers on the actions, and a backfill.

Plain triggers, not pgtrigger's: the bulk loads (demo/large_history.py) set `pgtrigger.ignore`
for every pgtrigger trigger of the tables they COPY into (the history's), and this derived date
must follow those rows too. Row triggers, fired only by the rows that matter (WHEN): a primary
prevention action inserted raises the date if later; one deleted, or updated in its kind, date
or member, makes the date computed again from the member's actions (amt_member_kind_idx). The
member's row is locked before that reading: the reading (a statement of its own, in READ
COMMITTED a fresh snapshot) then sees an action another transaction added and committed
meanwhile. TRUNCATE clears every date. Then the dates of the actions already there, and the
statistics of the new index (the alerts' plans rest on them).
"""

from django.db import migrations

PRIMARY = "'primary_prevention'"

FUNCTION = f"""
CREATE FUNCTION prevention_last_primary_action() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE adherents_adherent SET last_primary_action_on = NULL
        WHERE last_primary_action_on IS NOT NULL;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.kind = {PRIMARY} THEN
        PERFORM 1 FROM adherents_adherent WHERE id = OLD.adherent_id FOR UPDATE;
        UPDATE adherents_adherent SET last_primary_action_on = (
            SELECT max(performed_on) FROM prevention_preventionaction
            WHERE adherent_id = OLD.adherent_id AND kind = {PRIMARY}
        )
        WHERE id = OLD.adherent_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind = {PRIMARY} THEN
        UPDATE adherents_adherent SET last_primary_action_on = NEW.performed_on
        WHERE id = NEW.adherent_id
          AND (last_primary_action_on IS NULL OR last_primary_action_on < NEW.performed_on);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER amt_last_primary_insert AFTER INSERT ON prevention_preventionaction
FOR EACH ROW WHEN (NEW.kind = {PRIMARY}) EXECUTE FUNCTION prevention_last_primary_action();

CREATE TRIGGER amt_last_primary_update AFTER UPDATE ON prevention_preventionaction
FOR EACH ROW WHEN (
    (OLD.kind = {PRIMARY} OR NEW.kind = {PRIMARY})
    AND (OLD.kind, OLD.performed_on, OLD.adherent_id)
        IS DISTINCT FROM (NEW.kind, NEW.performed_on, NEW.adherent_id)
) EXECUTE FUNCTION prevention_last_primary_action();

CREATE TRIGGER amt_last_primary_delete AFTER DELETE ON prevention_preventionaction
FOR EACH ROW WHEN (OLD.kind = {PRIMARY}) EXECUTE FUNCTION prevention_last_primary_action();

CREATE TRIGGER amt_last_primary_truncate AFTER TRUNCATE ON prevention_preventionaction
FOR EACH STATEMENT EXECUTE FUNCTION prevention_last_primary_action();
"""

BACKFILL = f"""
UPDATE adherents_adherent AS a SET last_primary_action_on = p.last_on
FROM (
    SELECT adherent_id, max(performed_on) AS last_on FROM prevention_preventionaction
    WHERE kind = {PRIMARY} GROUP BY adherent_id
) AS p
WHERE a.id = p.adherent_id AND a.last_primary_action_on IS DISTINCT FROM p.last_on;

-- The statistics of adherent_primary_since_idx's date, which the alerts' plans rest on.
ANALYZE adherents_adherent;
"""

DROP = """
DROP TRIGGER amt_last_primary_truncate ON prevention_preventionaction;
DROP TRIGGER amt_last_primary_delete ON prevention_preventionaction;
DROP TRIGGER amt_last_primary_update ON prevention_preventionaction;
DROP TRIGGER amt_last_primary_insert ON prevention_preventionaction;
DROP FUNCTION prevention_last_primary_action();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("adherents", "0018_adherent_last_primary_action"),
        ("prevention", "0006_list_indexes_fe_actions"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION, DROP),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
