# The quality system's documents move out of the database into the documents storage, like
# the other documents (issue 12, item 5): controlled document versions, referential import
# files and the frozen management review PDF. Certification had no production data when this
# was written; the data step (spsti.documents_migration) still moves any row a development
# database holds, checks every hash, and is reversible.

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

from spsti.documents_migration import extension_of_filename, move_to_storage


class Migration(migrations.Migration):

    dependencies = [
        ('certification', '0002_default_skeleton'),
    ]

    operations = [
        *move_to_storage(
            "DocumentVersion",
            binary="content",
            sha256="sha256",
            app="certification",
            kind="document",
            extension=extension_of_filename("filename"),
            verbose_name="contenu",
        ),
        migrations.AddField(
            model_name='referentialimport',
            name='content_sha256',
            field=models.CharField(blank=True, max_length=64),
        ),
        *move_to_storage(
            "ReferentialImport",
            binary="content",
            sha256="content_sha256",
            app="certification",
            kind="referential_import",
            extension=extension_of_filename("filename"),
            verbose_name="contenu",
        ),
        *move_to_storage(
            "ManagementReview",
            binary="pdf",
            sha256="sha256",
            app="certification",
            kind="management_review",
            verbose_name="PDF",
            nullable=True,
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='documentversion',
            trigger=pgtrigger.compiler.Trigger(name='document_version_file_written_once', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (NOT (OLD."content" = \'\') AND (NEW."content" IS DISTINCT FROM (OLD."content") OR NEW."sha256" IS DISTINCT FROM (OLD."sha256")))', func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;", hash='241b9f364d2f9de139caa8a7c6627cbcab8c2772', operation='UPDATE', pgid='pgtrigger_document_version_file_written_once_1bb23', table='certification_documentversion', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='managementreview',
            trigger=pgtrigger.compiler.Trigger(name='management_review_pdf_written_once', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (NOT (OLD."pdf" = \'\') AND (NEW."pdf" IS DISTINCT FROM (OLD."pdf") OR NEW."sha256" IS DISTINCT FROM (OLD."sha256")))', func="RAISE EXCEPTION 'pgtrigger: Cannot update rows from % table', TG_TABLE_NAME;", hash='d443afbc659b7420b95a8e50ee63cc4c13bdead8', operation='UPDATE', pgid='pgtrigger_management_review_pdf_written_once_bad79', table='certification_managementreview', when='BEFORE')),
        ),
        migrations.AddConstraint(
            model_name='documentversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('content', ''), _negated=True), models.Q(('sha256', ''), _negated=True)), name='document_version_has_file'),
        ),
        migrations.AddConstraint(
            model_name='managementreview',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('pdf', ''), ('sha256', '')), models.Q(models.Q(('pdf', ''), _negated=True), models.Q(('sha256', ''), _negated=True)), _connector='OR'), name='management_review_pdf_has_hash'),
        ),
    ]
