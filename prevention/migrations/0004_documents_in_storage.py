# Documents move out of the database into the documents storage (issue 12, item 5).

import pgtrigger.compiler
import pgtrigger.migrations
import spsti.documents_storage
from django.conf import settings
from django.db import migrations, models

from spsti.documents_migration import (
    extension_of_content_type,
    extension_of_filename,
    move_to_storage,
)


class Migration(migrations.Migration):

    dependencies = [
        ('prevention', '0003_fe_version_insert_guard'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='ficheversion',
            name='fe_sent_has_pdf',
        ),
        migrations.AddField(
            model_name='actiondocument',
            name='sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='empreinte SHA-256'),
        ),
        migrations.AddField(
            model_name='chemicalproduct',
            name='sds_sha256',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='fichephoto',
            name='sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='empreinte SHA-256'),
        ),
        *move_to_storage(
            "ActionDocument",
            binary="content",
            sha256="sha256",
            app="prevention",
            kind="action_document",
            extension=extension_of_filename("filename"),
            verbose_name="contenu",
        ),
        *move_to_storage(
            "ChemicalProduct",
            binary="sds_content",
            sha256="sds_sha256",
            app="prevention",
            kind="sds",
            extension=extension_of_filename("sds_filename"),
            verbose_name="FDS (contenu)",
            nullable=True,
        ),
        *move_to_storage(
            "FichePhoto",
            binary="content",
            sha256="sha256",
            app="prevention",
            kind="fe_photo",
            extension=extension_of_content_type("content_type"),
            verbose_name="photo",
            ignore_triggers=("prevention.FichePhoto:fe_photo_frozen",),
        ),
        *move_to_storage(
            "FicheVersion",
            binary="pdf",
            sha256="sha256",
            app="prevention",
            kind="fe",
            verbose_name="PDF",
            ignore_triggers=("prevention.FicheVersion:fe_version_frozen",),
            nullable=True,
        ),
        *move_to_storage(
            "PreventionVisit",
            binary="letter_pdf",
            sha256="letter_sha256",
            app="prevention",
            kind="visit_letter",
            verbose_name="courrier à l'employeur (PDF)",
            nullable=True,
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='preventionvisit',
            trigger=pgtrigger.compiler.Trigger(name='pvisit_letter_written_once', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (NOT (OLD."letter_pdf" = \'\') AND (NEW."letter_pdf" IS DISTINCT FROM (OLD."letter_pdf") OR NEW."letter_sha256" IS DISTINCT FROM (OLD."letter_sha256")))', func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;", hash='f34978ffa913204fe13ff4d21bbe049f686117ab', operation='UPDATE', pgid='pgtrigger_pvisit_letter_written_once_be15f', table='prevention_preventionvisit', when='BEFORE')),
        ),
        migrations.AddConstraint(
            model_name='ficheversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'sent'), _negated=True), models.Q(('sent_at__isnull', False), models.Q(('pdf', ''), _negated=True), models.Q(('sha256', ''), _negated=True)), _connector='OR'), name='fe_sent_has_pdf'),
        ),
    ]
