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
    "suivi_sante.recompute_due_visits": {  # every night at 02:00: the workers flagged stale
        "task": "suivi_sante.tasks.recompute_due_visits",
        "schedule": crontab(hour=2, minute=0),
    },
    "suivi_sante.recompute_all_due_visits": {  # Sundays at 03:00: every worker
        "task": "suivi_sante.tasks.recompute_all_due_visits",
        "schedule": crontab(hour=3, minute=0, day_of_week="sun"),
    },
    "suivi_sante.send_due_digests": {  # Mondays at 07:00: members' admins and HR
        "task": "suivi_sante.tasks.send_due_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    "prevention.alert_fiche_deadlines": {  # Mondays at 07:15: FEs to establish or renew
        "task": "prevention.tasks.alert_fiche_deadlines",
        "schedule": crontab(hour=7, minute=15, day_of_week="mon"),
    },
    "prevention.remind_duerp_updates": {  # Mondays at 07:30: yearly DUERP update (R4121-2)
        "task": "prevention.tasks_duerp.remind_duerp_updates",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "adherents.open_yearly_cycle": {  # 1-7 January at 01:00: the yearly trajectory cycle
        "task": "adherents.tasks.trajectory.open_yearly_cycle",
        "schedule": crontab(hour=1, minute=0, day_of_month="1-7", month_of_year=1),
    },
    "adherents.send_trajectory_digests": {  # Mondays at 07:45: each agent's overdue steps
        "task": "adherents.tasks.trajectory.send_overdue_digests",
        "schedule": crontab(hour=7, minute=45, day_of_week="mon"),
    },
    "adherents.send_workforce_reminders": {  # every day at 08:00: J-n of a campaign's closing
        "task": "adherents.tasks.workforce.send_workforce_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "adherents.send_invoice_reminders": {  # every day at 08:05: unpaid invoices past due
        "task": "adherents.tasks.billing.send_invoice_reminders",
        "schedule": crontab(hour=8, minute=5),
    },
    "adherents.send_request_digests": {  # weekdays at 08:10: late requests and referrals
        "task": "adherents.tasks.requests.send_request_digests",
        "schedule": crontab(hour=8, minute=10, day_of_week="mon-fri"),
    },
    "pdp.create_follow_ups": {  # every night at 02:30: PDP follow-ups at 6 and 12 months
        "task": "pdp.cases.tasks.create_follow_ups",
        "schedule": crontab(hour=2, minute=30),
    },
    "pdp.send_weekly_digests": {  # Mondays at 07:50: each cell coordinator's week
        "task": "pdp.caseload.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=50, day_of_week="mon"),
    },
    "adherents.purge_import_files": {  # every night at 04:10: files of finished imports
        "task": "adherents.tasks.imports.purge_import_files",
        "schedule": crontab(hour=4, minute=10),
    },
}
