"""`manage.py check_heartbeat beat|worker`: exit 0 if that heartbeat is fresh, 1 otherwise (the
compose healthcheck of the beat service; spsti/health.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from spsti import health


class Command(BaseCommand):
    help = "Vérifie que le battement de cœur de beat ou des workers Celery est récent."

    def add_arguments(self, parser):
        parser.add_argument("which", choices=[health.BEAT, health.WORKER])

    def handle(self, *args, which: str, **options):
        try:
            values = health.redis_client().mget([health.heartbeat_key(which)])
        except Exception as error:
            raise CommandError(f"Redis injoignable ({type(error).__name__}).") from None
        age = health.age_seconds(values[0])
        limit = settings.SPSTI_HEARTBEAT_STALE_MINUTES * 60
        if age is None:
            raise CommandError(f"Aucun battement de cœur « {which} » enregistré.")
        if age > limit:
            raise CommandError(
                f"Battement de cœur « {which} » vieux de {age} s (limite {limit} s)."
            )
        self.stdout.write(f"Battement de cœur « {which} » : il y a {age} s.")
