"""The Celery app and the whole beat schedule, in one reviewed place."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spsti.settings")

app = Celery("spsti")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "accounts.purge_expired_sessions": {  # every night at 03:30, Europe/Paris
        "task": "accounts.tasks.purge_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
}
