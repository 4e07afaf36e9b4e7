"""A convocation goes to an establishment of its visit's member: checked by the database.

The booking takes both from the worker (suivi_sante.agenda.services.book: the visit's member is
the worker's, the convocation's establishment that of its running contract, at one of the
member's establishments); none of the 4.1 M convocations of the large dataset differs. With it
checked here, a member's convocations are read from that member's visits by date
(visit_adherent_sched_idx, Visit.adherent) instead of from every convocation of its
establishments joined to its visit for the date, which the planner cannot estimate (an
establishment of the large dataset has 55,000 convocations; 80 to 240 ms a page).

Statement-level triggers with transition tables: a COPY of a million convocations (the large
builders) pays one join, not a million lookups; an answer to one convocation joins one row.
Plain SQL, not pgtrigger: the bulk loads switch pgtrigger's triggers off. An establishment's
member and a visit's member never change in the product; should either change under a
convocation, the statement fails the same way.
"""

from django.db import migrations

TRIGGERS = """
CREATE FUNCTION suivi_sante_convocation_member_mismatch() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION
        'Une convocation doit être adressée à un établissement de l''adhérent de sa visite.'
        USING ERRCODE = 'check_violation';
END;
$$;

CREATE FUNCTION suivi_sante_convocation_member_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM new_rows AS c
        JOIN adherents_establishment AS e ON e.id = c.establishment_id
        JOIN suivi_sante_visit AS v ON v.id = c.visit_id
        WHERE e.adherent_id <> v.adherent_id
    ) THEN
        PERFORM suivi_sante_convocation_member_mismatch();
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER convocation_member_insert AFTER INSERT ON suivi_sante_convocation
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION suivi_sante_convocation_member_check();

CREATE TRIGGER convocation_member_update AFTER UPDATE ON suivi_sante_convocation
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION suivi_sante_convocation_member_check();

CREATE FUNCTION suivi_sante_visit_member_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM new_rows AS v
        JOIN old_rows AS o ON o.id = v.id AND o.adherent_id <> v.adherent_id
        JOIN suivi_sante_convocation AS c ON c.visit_id = v.id
        JOIN adherents_establishment AS e ON e.id = c.establishment_id
        WHERE e.adherent_id <> v.adherent_id
    ) THEN
        PERFORM suivi_sante_convocation_member_mismatch();
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER visit_convocation_member AFTER UPDATE ON suivi_sante_visit
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION suivi_sante_visit_member_check();

CREATE FUNCTION suivi_sante_establishment_member_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM new_rows AS e
        JOIN old_rows AS o ON o.id = e.id AND o.adherent_id <> e.adherent_id
        JOIN suivi_sante_convocation AS c ON c.establishment_id = e.id
        JOIN suivi_sante_visit AS v ON v.id = c.visit_id
        WHERE v.adherent_id <> e.adherent_id
    ) THEN
        PERFORM suivi_sante_convocation_member_mismatch();
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER establishment_convocation_member AFTER UPDATE ON adherents_establishment
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION suivi_sante_establishment_member_check();
"""

DROP = """
DROP TRIGGER establishment_convocation_member ON adherents_establishment;
DROP FUNCTION suivi_sante_establishment_member_check();
DROP TRIGGER visit_convocation_member ON suivi_sante_visit;
DROP FUNCTION suivi_sante_visit_member_check();
DROP TRIGGER convocation_member_update ON suivi_sante_convocation;
DROP TRIGGER convocation_member_insert ON suivi_sante_convocation;
DROP FUNCTION suivi_sante_convocation_member_check();
DROP FUNCTION suivi_sante_convocation_member_mismatch();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("adherents", "0018_adherent_last_primary_action"),
        ("suivi_sante", "0026_visit_vacuum"),
    ]

    operations = [migrations.RunSQL(TRIGGERS, DROP)]
