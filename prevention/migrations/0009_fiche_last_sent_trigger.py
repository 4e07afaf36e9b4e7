"""FicheEntreprise.last_sent_at kept by the database: triggers on the versions, and a backfill.

Plain triggers, not pgtrigger's, as in 0007: the bulk loads (demo/large_history_members.py) set
`pgtrigger.ignore` for the pgtrigger triggers of the tables they COPY into, and this derived
date must follow those rows too. A version is inserted as a draft and sent once
(fe_version_frozen), but the bulk loads insert sent versions directly: a sent version, inserted
or updated, raises the FE's date if later; one deleted (only a bulk path can), or updated away
from "sent", makes the date computed again from the FE's versions (the FE's row locked first,
as in 0007, so that the reading sees a sending committed meanwhile). TRUNCATE clears every
date. Then the dates of the versions already there.
"""

from django.db import migrations

SENT = "'sent'"

FUNCTION = f"""
CREATE FUNCTION prevention_fiche_last_sent() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE prevention_ficheentreprise SET last_sent_at = NULL WHERE last_sent_at IS NOT NULL;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = {SENT} THEN
        PERFORM 1 FROM prevention_ficheentreprise WHERE id = OLD.fiche_id FOR UPDATE;
        UPDATE prevention_ficheentreprise SET last_sent_at = (
            SELECT max(sent_at) FROM prevention_ficheversion
            WHERE fiche_id = OLD.fiche_id AND status = {SENT}
        )
        WHERE id = OLD.fiche_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = {SENT} THEN
        UPDATE prevention_ficheentreprise SET last_sent_at = NEW.sent_at
        WHERE id = NEW.fiche_id AND (last_sent_at IS NULL OR last_sent_at < NEW.sent_at);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER fe_last_sent_insert AFTER INSERT ON prevention_ficheversion
FOR EACH ROW WHEN (NEW.status = {SENT}) EXECUTE FUNCTION prevention_fiche_last_sent();

CREATE TRIGGER fe_last_sent_update AFTER UPDATE ON prevention_ficheversion
FOR EACH ROW WHEN (
    (OLD.status = {SENT} OR NEW.status = {SENT})
    AND (OLD.status, OLD.sent_at, OLD.fiche_id)
        IS DISTINCT FROM (NEW.status, NEW.sent_at, NEW.fiche_id)
) EXECUTE FUNCTION prevention_fiche_last_sent();

CREATE TRIGGER fe_last_sent_delete AFTER DELETE ON prevention_ficheversion
FOR EACH ROW WHEN (OLD.status = {SENT}) EXECUTE FUNCTION prevention_fiche_last_sent();

CREATE TRIGGER fe_last_sent_truncate AFTER TRUNCATE ON prevention_ficheversion
FOR EACH STATEMENT EXECUTE FUNCTION prevention_fiche_last_sent();
"""

BACKFILL = f"""
UPDATE prevention_ficheentreprise AS f SET last_sent_at = v.last_at
FROM (
    SELECT fiche_id, max(sent_at) AS last_at FROM prevention_ficheversion
    WHERE status = {SENT} GROUP BY fiche_id
) AS v
WHERE f.id = v.fiche_id AND f.last_sent_at IS DISTINCT FROM v.last_at;
"""

DROP = """
DROP TRIGGER fe_last_sent_truncate ON prevention_ficheversion;
DROP TRIGGER fe_last_sent_delete ON prevention_ficheversion;
DROP TRIGGER fe_last_sent_update ON prevention_ficheversion;
DROP TRIGGER fe_last_sent_insert ON prevention_ficheversion;
DROP FUNCTION prevention_fiche_last_sent();
"""


class Migration(migrations.Migration):
    dependencies = [("prevention", "0008_fiche_last_sent")]

    operations = [
        migrations.RunSQL(FUNCTION, DROP),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
