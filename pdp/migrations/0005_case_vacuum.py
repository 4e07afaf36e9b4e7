"""Vacuum the cases after 0004, outside a transaction (VACUUM cannot run in one).

The caseload page reads 0004's index alone only where the visibility map says the
pages are all visible: cases loaded in bulk (a migration of a service's records, the bench)
leave it unset until autovacuum comes, and each read would then fetch every row from the
table anyway. It takes no lock that stops reads or writes.
"""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("pdp", "0004_caseload_indexes"),
    ]

    operations = [
        migrations.RunSQL("VACUUM (ANALYZE) pdp_pdpcase", migrations.RunSQL.noop),
    ]
