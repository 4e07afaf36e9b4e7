"""Vacuum the visits rewritten by 0025, outside a transaction (VACUUM cannot run in one).

A rewritten table has no visibility map: until a vacuum sets it, an index-only scan of
visit_team_sched_idx (the follow-up indicators' aggregates) fetches every row from the table
anyway, and autovacuum would not come for a long while (a rewrite leaves no dead row). It takes
no lock that stops reads or writes.
"""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("suivi_sante", "0025_visit_adherent"),
    ]

    operations = [
        migrations.RunSQL("VACUUM (ANALYZE) suivi_sante_visit", migrations.RunSQL.noop),
    ]
