"""The caseload page's indexes (issue 19): the open cases of a centre by owner, partial (the
closed ones are left out), which answers the grouped count per owner from the index alone;
the centre's referrals by date with their first contact, for the weeks' counts and the
90-day median. 0005 vacuums the table so that these index-only scans stay so."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pdp", "0003_documents_in_storage"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="pdpcase",
            index=models.Index(
                condition=models.Q(("status", "closed"), _negated=True),
                fields=["center", "owner"],
                name="pdp_case_open_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="pdpcase",
            index=models.Index(
                fields=["center", "received_on"],
                include=("first_contact_on",),
                name="pdp_case_received_idx",
            ),
        ),
    ]
