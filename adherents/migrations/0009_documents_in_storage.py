# Documents move out of the database into the documents storage (issue 12, item 5).

import pgtrigger.compiler
import pgtrigger.migrations
import spsti.documents_storage
from django.db import migrations, models

from spsti.documents_migration import (
    extension_of_content_type,
    extension_of_filename,
    move_to_storage,
)


class Migration(migrations.Migration):

    dependencies = [
        ('adherents', '0008_joining_link_lifetime_and_verified_email'),
    ]

    operations = [
        migrations.AddField(
            model_name='importjob',
            name='content_sha256',
            field=models.CharField(blank=True, max_length=64),
        ),
        *move_to_storage(
            "ImportJob",
            binary="content",
            sha256="content_sha256",
            app="adherents",
            kind="import",
            extension=extension_of_filename("filename"),
            verbose_name="contenu",
        ),
        *move_to_storage(
            "Invoice",
            binary="pdf",
            sha256="pdf_sha256",
            app="adherents",
            kind="invoice",
            verbose_name="PDF",
            ignore_triggers=("adherents.Invoice:invoice_no_update",),
        ),
        *move_to_storage(
            "MembershipApplication",
            binary="letter_pdf",
            sha256="letter_sha256",
            app="adherents",
            kind="joining_letter",
            verbose_name="courrier de validation",
            ignore_triggers=("adherents.MembershipApplication:update_update",),
            nullable=True,
        ),
        *move_to_storage(
            "MembershipApplicationEvent",
            binary="letter_pdf",
            sha256="letter_sha256",
            app="adherents",
            kind="joining_letter",
            verbose_name="courrier de validation",
            same_as="MembershipApplication",
            nullable=True,
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='membershipapplication',
            trigger=pgtrigger.compiler.Trigger(name='application_letter_written_once', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (NOT (OLD."letter_pdf" = \'\') AND (NEW."letter_pdf" IS DISTINCT FROM (OLD."letter_pdf") OR NEW."letter_sha256" IS DISTINCT FROM (OLD."letter_sha256")))', func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;", hash='c3d2d005e7afa4ddcda900475c1e0b0e3e8675d9', operation='UPDATE', pgid='pgtrigger_application_letter_written_once_1a5c8', table='adherents_membershipapplication', when='BEFORE')),
        ),
    ]
