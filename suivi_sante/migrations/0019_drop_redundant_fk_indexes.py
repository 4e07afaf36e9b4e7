"""Drops the single-column indexes of Worker.adherent and Employment.worker: composite indexes
lead with the same column (worker_adherent_name_idx, worker_live_adherent_idx,
employment_worker_idx) and serve the same lookups. Only the indexes go: Django's AlterField
would also drop and re-add both foreign keys, checking them again over every row (minutes of lock
on a national table), for a constraint that does not change."""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {
    # Django's names for the foreign keys' indexes (schema_editor._create_index_name).
    "suivi_sante_worker_adherent_id_7d3ffac9": ("suivi_sante_worker", "adherent_id"),
    "suivi_sante_employment_worker_id_b56c4de4": ("suivi_sante_employment", "worker_id"),
}


class Migration(migrations.Migration):
    dependencies = [
        ("adherents", "0014_invoice_list_order_index"),
        ("suivi_sante", "0018_worker_live_index_by_id"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")',
                )
                for name, (table, column) in INDEXES.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="employment",
                    name="worker",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="employments",
                        to="suivi_sante.worker",
                        verbose_name="salarié",
                    ),
                ),
                migrations.AlterField(
                    model_name="worker",
                    name="adherent",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="workers",
                        to="adherents.adherent",
                        verbose_name="adhérent",
                    ),
                ),
            ],
        )
    ]
