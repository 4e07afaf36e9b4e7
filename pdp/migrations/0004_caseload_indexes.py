"""The caseload page's index (issue 19): the centre's referrals by date with their first
contact, for the weeks' counts and the 90-day median, read from the index alone. 0005 vacuums
the table so that these index-only scans stay so."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pdp", "0003_documents_in_storage"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="pdpcase",
            index=models.Index(
                fields=["center", "received_on"],
                include=("first_contact_on",),
                name="pdp_case_received_idx",
            ),
        ),
    ]
