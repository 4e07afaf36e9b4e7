"""Load the shipped hazard thesaurus and the default evaluation grid."""

from django.db import migrations


def load(apps, schema_editor):
    from prevention.data.load import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("prevention", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
