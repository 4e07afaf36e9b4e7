# Data step of 0004: the non-conformities the former daily task made major because they were
# late, with no audit (raised minor, now major, no audit recorded as the cause). Each is
# re-read with the rule now in force (certification/rules/nonconformities.py, at_audit, copied
# here as migrations do not import the app's code): still open when the first certification
# audit begun after its detection began, it stays major and names that audit; otherwise it
# is minor again. Every change goes into the row's history with its reason. Not reversed:
# going back to 0004 leaves the severities as they are.

import datetime

import pghistory
from django.db import migrations
from django.utils import timezone

CHECKING_AUDIT_KINDS = ("external",)
SERVICE = "certification.0005_nc_severity_by_audit"


def _first_checking_audit(Audit, nc, today: datetime.date):
    return (
        Audit.objects.filter(
            center_id=nc.center_id,
            kind__in=CHECKING_AUDIT_KINDS,
            starts_on__gt=nc.detected_on,
            starts_on__lte=today,
        )
        .exclude(pk=nc.audit_id or 0)
        .order_by("starts_on", "pk")
        .first()
    )


def reread_late_escalations(apps, schema_editor):
    NonConformity = apps.get_model("certification", "NonConformity")
    Event = apps.get_model("certification", "NonConformityEvent")
    Audit = apps.get_model("certification", "Audit")
    raised_minor = Event.objects.filter(pgh_label="insert", severity="minor").values("pgh_obj_id")
    today = timezone.localdate()
    made_major_late = NonConformity.objects.filter(
        severity="major", escalated_at_audit__isnull=True, pk__in=raised_minor
    ).order_by("pk")
    for nc in made_major_late:
        audit = _first_checking_audit(Audit, nc, today)
        if audit and (nc.closed_on is None or nc.closed_on >= audit.starts_on):
            nc.escalated_at_audit = audit
            reason = (
                "Devenue majeure par retard (règle retirée) ; encore ouverte à l'audit de "
                f"certification du {audit.starts_on:%d/%m/%Y} : elle reste majeure."
            )
        else:
            nc.severity = "minor"
            reason = (
                "Devenue majeure par retard, sans audit (règle retirée) : elle redevient "
                "mineure ; le retard ne change pas la gravité."
            )
        with pghistory.context(service=SERVICE, reason=reason, audit=audit and audit.pk):
            nc.save(update_fields=["severity", "escalated_at_audit"])


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0004_nc_escalated_at_audit"),
    ]

    operations = [
        migrations.RunPython(reread_late_escalations, migrations.RunPython.noop),
    ]
