# A minor non-conformity becomes major at the next certification audit held after its
# detection if still open (stand-in Qualiopi rule, domain note section 3), no longer the day
# after its due date: the audit that made it major is kept on the row (escalated_at_audit), and
# the day the lateness alert went out keeps its column under a name that says so
# (escalated_on -> late_alerted_on, renamed: the alerts already sent are not sent again).

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('certification', '0003_documents_in_storage'),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name='nonconformity',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='nonconformity',
            name='update_update',
        ),
        migrations.RenameField(
            model_name='nonconformity',
            old_name='escalated_on',
            new_name='late_alerted_on',
        ),
        migrations.RenameField(
            model_name='nonconformityevent',
            old_name='escalated_on',
            new_name='late_alerted_on',
        ),
        migrations.AddField(
            model_name='nonconformity',
            name='escalated_at_audit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='escalated_nonconformities', to='certification.audit', verbose_name="devenue majeure à l'audit"),
        ),
        migrations.AlterField(
            model_name='nonconformity',
            name='late_alerted_on',
            field=models.DateField(blank=True, null=True, verbose_name='retard signalé le'),
        ),
        migrations.AddField(
            model_name='nonconformityevent',
            name='escalated_at_audit',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='certification.audit', verbose_name="devenue majeure à l'audit"),
        ),
        migrations.AlterField(
            model_name='nonconformityevent',
            name='late_alerted_on',
            field=models.DateField(blank=True, null=True, verbose_name='retard signalé le'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='nonconformity',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "certification_nonconformityevent" ("audit_id", "cause_analysis", "center_id", "closed_on", "complaint_id", "created_at", "criterion_id", "description", "detected_on", "due_on", "escalated_at_audit_id", "id", "late_alerted_on", "number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "raised_by_id", "severity", "source", "title", "updated_at") VALUES (NEW."audit_id", NEW."cause_analysis", NEW."center_id", NEW."closed_on", NEW."complaint_id", NEW."created_at", NEW."criterion_id", NEW."description", NEW."detected_on", NEW."due_on", NEW."escalated_at_audit_id", NEW."id", NEW."late_alerted_on", NEW."number", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."raised_by_id", NEW."severity", NEW."source", NEW."title", NEW."updated_at"); RETURN NULL;', hash='5fb5bad8bf37f5d2989188d6a23e2c69719d7b2c', operation='INSERT', pgid='pgtrigger_insert_insert_733c6', table='certification_nonconformity', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='nonconformity',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "certification_nonconformityevent" ("audit_id", "cause_analysis", "center_id", "closed_on", "complaint_id", "created_at", "criterion_id", "description", "detected_on", "due_on", "escalated_at_audit_id", "id", "late_alerted_on", "number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "raised_by_id", "severity", "source", "title", "updated_at") VALUES (NEW."audit_id", NEW."cause_analysis", NEW."center_id", NEW."closed_on", NEW."complaint_id", NEW."created_at", NEW."criterion_id", NEW."description", NEW."detected_on", NEW."due_on", NEW."escalated_at_audit_id", NEW."id", NEW."late_alerted_on", NEW."number", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."raised_by_id", NEW."severity", NEW."source", NEW."title", NEW."updated_at"); RETURN NULL;', hash='fd1f0a2a477cb33f61e4336bfb48b4d0b2b74581', operation='UPDATE', pgid='pgtrigger_update_update_aff3d', table='certification_nonconformity', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='nonconformity',
            constraint=models.CheckConstraint(condition=models.Q(('escalated_at_audit__isnull', True), ('severity', 'major'), _connector='OR'), name='nc_escalated_at_audit_is_major'),
        ),
    ]
