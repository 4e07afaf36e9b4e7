"""Import detection levels (CSV: nir;level;method;version) onto a centre's open PDP cases."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pdp.cases.services_risk import import_risk_levels


class Command(BaseCommand):
    help = "Importe des niveaux de risque de désinsertion (CSV nir;level;method;version)."

    def add_arguments(self, parser):
        parser.add_argument("center_id", type=int)
        parser.add_argument("csv_path", type=Path)

    def handle(self, *args, center_id: int, csv_path: Path, **options):
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter=";"))
        updated, errors = import_risk_levels(center_id=center_id, rows=rows)
        if errors:
            raise CommandError("Rien n'a été importé :\n" + "\n".join(errors))
        self.stdout.write(f"{updated} dossier(s) mis à jour.")
