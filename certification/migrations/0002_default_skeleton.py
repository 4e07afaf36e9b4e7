from django.db import migrations


def load(apps, schema_editor):
    from certification.data.spec2217 import load_default_skeleton

    load_default_skeleton(apps)


class Migration(migrations.Migration):
    dependencies = [("certification", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
