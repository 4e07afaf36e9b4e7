"""The Celery app and the whole beat schedule, in one reviewed place."""

import logging
import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab
from celery.signals import before_task_publish

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spsti.settings")

app = Celery("spsti")
app.config_from_object("django.conf:settings", namespace="CELERY")


def task_packages() -> list[str]:
    """Every app, and every area of an app that has a tasks module (`<app>/<area>/tasks.py`,
    the house plan): Celery's default looks for `<app>.tasks` only."""
    from django.apps import apps

    packages = []
    for config in apps.get_app_configs():
        packages.append(config.name)
        root = Path(config.path)
        packages += [
            f"{config.name}.{area.name}"
            for area in sorted(root.iterdir())
            if area.is_dir() and (area / "tasks.py").exists()
        ]
    return packages


app.autodiscover_tasks(task_packages)

HEARTBEAT_TASK = "spsti.tasks.heartbeat"


@before_task_publish.connect
def note_the_heartbeat_sent(sender=None, **kwargs):
    """Beat publishing the heartbeat notes the time: `/health/` tells a stopped beat (nothing
    sent) from stopped workers (sent, never run). Never blocks the publishing."""
    if sender != HEARTBEAT_TASK:
        return
    from spsti import health

    try:
        health.beat(health.BEAT)
    except Exception as error:  # Redis unreachable: the task's own publishing fails anyway
        logging.getLogger(__name__).warning("beat heartbeat not noted: %s", type(error).__name__)


app.conf.beat_schedule = {
    "spsti.heartbeat": {  # every minute: /health/ checks that beat sends and a worker runs
        "task": HEARTBEAT_TASK,
        "schedule": crontab(),
        "options": {"expires": 55},  # a backlog of heartbeats is worth nothing
    },
    "dashboards.compute_recent_facts": {  # every night at 04:30, after the due-visit recompute
        "task": "dashboards.facts.tasks.compute_recent_facts",
        "schedule": crontab(hour=4, minute=30),
    },
    "dashboards.generate_monthly_reports": {  # the 2nd of each month at 06:00: last month's
        "task": "dashboards.report.tasks.generate_monthly_reports",
        "schedule": crontab(hour=6, minute=0, day_of_month=2),
    },
    "spsti.retry_outgoing_emails": {  # every two minutes: outbox rows lost or waiting a retry
        "task": "spsti.tasks.retry_outgoing_emails",
        "schedule": crontab(minute="*/2"),
    },
    "accounts.purge_expired_sessions": {  # every night at 03:30, Europe/Paris
        "task": "accounts.tasks.purge_expired_sessions",
        "schedule": crontab(hour=3, minute=30),
    },
    "suivi_sante.recompute_due_visits": {  # every night at 02:00: the workers flagged stale
        "task": "suivi_sante.schedule.tasks.recompute_due_visits",
        "schedule": crontab(hour=2, minute=0),
    },
    "suivi_sante.recompute_all_due_visits": {  # Sundays at 03:00: every worker
        "task": "suivi_sante.schedule.tasks.recompute_all_due_visits",
        "schedule": crontab(hour=3, minute=0, day_of_week="sun"),
    },
    "suivi_sante.send_due_digests": {  # Mondays at 07:00: members' admins and HR
        "task": "suivi_sante.schedule.tasks.send_due_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    "prevention.alert_fiche_deadlines": {  # Mondays at 07:15: FEs to establish or renew
        "task": "prevention.fiche.tasks.alert_fiche_deadlines",
        "schedule": crontab(hour=7, minute=15, day_of_week="mon"),
    },
    "prevention.remind_duerp_updates": {  # Mondays at 07:30: yearly DUERP update (R4121-2)
        "task": "prevention.duerp.tasks.remind_duerp_updates",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "adherents.open_yearly_cycle": {  # 1-7 January at 01:00: the yearly trajectory cycle
        "task": "adherents.trajectory.tasks.open_yearly_cycle",
        "schedule": crontab(hour=1, minute=0, day_of_month="1-7", month_of_year=1),
    },
    "adherents.send_trajectory_digests": {  # Mondays at 07:45: each agent's overdue steps
        "task": "adherents.trajectory.tasks.send_overdue_digests",
        "schedule": crontab(hour=7, minute=45, day_of_week="mon"),
    },
    "adherents.send_workforce_reminders": {  # every day at 08:00: J-n of a campaign's closing
        "task": "adherents.workforce.tasks.send_workforce_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "adherents.send_invoice_reminders": {  # every day at 08:05: unpaid invoices past due
        "task": "adherents.billing.tasks.send_invoice_reminders",
        "schedule": crontab(hour=8, minute=5),
    },
    "adherents.send_request_digests": {  # weekdays at 08:10: late requests and referrals
        "task": "adherents.requests.tasks.send_request_digests",
        "schedule": crontab(hour=8, minute=10, day_of_week="mon-fri"),
    },
    "tns.process_affiliations": {  # every day at 06:30: J-60 / J-15 reminders, then expiry
        "task": "tns.affiliations.tasks.process_affiliations",
        "schedule": crontab(hour=6, minute=30),
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
        "task": "adherents.imports.tasks.purge_import_files",
        "schedule": crontab(hour=4, minute=10),
    },
    "api.purge_idempotency_keys": {  # every night at 04:20: keys past their retention
        "task": "api.tokens.tasks.purge_idempotency_keys",
        "schedule": crontab(hour=4, minute=20),
    },
    "certification.send_certification_expiry_alerts": {  # every day at 06:30: 12 and 6 months
        "task": "certification.audits.tasks.send_certification_expiry_alerts",
        "schedule": crontab(hour=6, minute=30),
    },
    # every day at 06:40: minor NCs still open when a certification audit began become major;
    # NCs past due are told (their severity unchanged)
    "certification.check_open_nonconformities": {
        "task": "certification.nonconformities.tasks.check_open_nonconformities",
        "schedule": crontab(hour=6, minute=40),
    },
    "certification.remind_quality_reviews": {  # Mondays at 06:50: documents and processes due
        "task": "certification.processes.tasks.remind_quality_reviews",
        "schedule": crontab(hour=6, minute=50, day_of_week="mon"),
    },
}
