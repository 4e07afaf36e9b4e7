# Documents move out of the database into the documents storage (issue 12, item 5).

import spsti.documents_storage
from django.db import migrations, models

from spsti.documents_migration import move_to_storage


class Migration(migrations.Migration):

    dependencies = [
        ('suivi_sante', '0011_confidential_visits_and_worker_contact'),
    ]

    operations = [
        *move_to_storage(
            "FollowUpDocument",
            binary="pdf",
            sha256="sha256",
            app="suivi_sante",
            kind="document",
            verbose_name="PDF",
            ignore_triggers=("suivi_sante.FollowUpDocument:document_no_update",),
        ),
    ]
