"""Load the shipped hazard thesaurus and the default evaluation grid."""

import datetime

from django.db import migrations


def load(apps, schema_editor):
    from prevention.data import hazards as data

    thesaurus_model = apps.get_model("prevention", "HazardThesaurus")
    hazard_model = apps.get_model("prevention", "Hazard")
    matrix_model = apps.get_model("prevention", "EvaluationMatrix")
    thesaurus, created = thesaurus_model.objects.get_or_create(
        version=data.THESAURUS_VERSION,
        defaults={
            "published_on": datetime.date.fromisoformat(data.THESAURUS_PUBLISHED_ON),
            "is_current": True,
        },
    )
    if created:
        hazard_model.objects.bulk_create(
            hazard_model(thesaurus=thesaurus, code=code, family=family, label=label)
            for code, family, label in data.HAZARDS
        )
    matrix_model.objects.get_or_create(
        name=data.DEFAULT_MATRIX["name"], defaults={**data.DEFAULT_MATRIX, "is_default": True}
    )


class Migration(migrations.Migration):
    dependencies = [("prevention", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
