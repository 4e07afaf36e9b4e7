"""Statistics of the expression that makes a duplicate key a group (IS_GROUP in
suivi_sante/workers/models_duplicates.py: the number of workers' ids, compiled by Django's
ArrayField `__len`), on both key tables.

Without them the planner cannot tell how many keys the partial indexes of the groups hold (it
guessed a third of the table: 1.1 M on the large dataset, where 3 keys are groups), and joined
the keys to the scope's members by walking the members' primary key index: 7.5 ms for 3 groups,
0.06 ms with these statistics (a nested loop from the group index). The expression is written
here as Django compiles it, the one the partial indexes carry.
"""

from django.db import migrations

GROUP_SIZE = (
    "(CASE WHEN worker_ids IS NULL THEN NULL "
    "ELSE coalesce(array_length(worker_ids, 1), 0) END)"
)
TABLES = {
    "suivi_sante_workernirkey": "worker_nir_group_stats",
    "suivi_sante_workeridentitykey": "worker_identity_group_stats",
}

CREATE = "".join(
    f"CREATE STATISTICS {name} ON {GROUP_SIZE} FROM {table}; ANALYZE {table};"
    for table, name in TABLES.items()
)
DROP = "".join(f"DROP STATISTICS {name};" for name in TABLES.values())


class Migration(migrations.Migration):
    dependencies = [("suivi_sante", "0022_worker_duplicate_keys")]

    operations = [migrations.RunSQL(CREATE, DROP)]
