"""The default member trajectory (adherents/data/trajectory.py)."""

from django.db import migrations


def create(apps, schema_editor):
    from adherents.data.trajectory import load_default_trajectory

    load_default_trajectory(apps)


class Migration(migrations.Migration):
    dependencies = [("adherents", "0004_membership_journey")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
