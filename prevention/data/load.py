"""Load the shipped reference data (hazard thesaurus, default grid); idempotent.

Called by the data migration, and by the tests after a transactional test has emptied the
tables (pytest-django flushes the database, migration data included).
"""

import datetime

from prevention.data import hazards as data


def load_reference_data(apps) -> None:
    """Create the current thesaurus with its hazards and the default grid, if absent."""
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
