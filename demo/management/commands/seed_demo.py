"""`manage.py seed_demo [--scale small|large] [--seed N]`: demo or benchmark data, idempotent."""

import importlib.util

from django.core.management.base import BaseCommand, CommandError

from demo import seed_large, seed_small


class Command(BaseCommand):
    help = (
        "Crée les données de démonstration (centres, équipes, adhérents, salariés, comptes de "
        "démonstration), de façon déterministe et idempotente. --scale large crée le jeu de "
        "données des bancs d'essai (60 000 adhérents, 1 000 000 de salariés)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=("small", "large"),
            default="small",
            help="small (défaut) : démonstration ; large : bancs d'essai.",
        )
        parser.add_argument(
            "--seed", type=int, default=42, help="graine des générateurs aléatoires (défaut : 42)."
        )

    def handle(self, *args, scale: str, seed: int, **options) -> None:
        # Faker is a development dependency (absent from the Docker image); the seeding modules
        # import it only when they run, so production's check/migrate never load it.
        if importlib.util.find_spec("faker") is None:
            raise CommandError(
                "Les données de démonstration demandent les dépendances de développement "
                "(faker) : lancez `make install` (uv sync avec le groupe dev)."
            )

        def log(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        if scale == "large":
            seed_large(seed, log)
        else:
            seed_small(seed, log)
