"""certification 0005 re-reads the non-conformities the former daily task made major because
they were late: major only if a certification audit begun after their detection found them
still open (that audit named on the row), minor again otherwise; each change in the history."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from certification.models import NonConformity
from tests.certification.factories import AuditFactory, NonConformityFactory

D = datetime.date


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _made_major_late(world, **fields) -> NonConformity:
    """Raised minor, then made major by the former task the day after its due date."""
    nc = NonConformityFactory(
        center=world.center, severity="minor", detected_on=D(2025, 8, 31), due_on=D(2026, 2, 28)
    )
    for name, value in {"severity": "major", "late_alerted_on": D(2026, 3, 1), **fields}.items():
        setattr(nc, name, value)
    nc.save()
    return nc


@pytest.mark.django_db(transaction=True)
def test_late_escalations_are_re_read_by_audit(world):
    minor_again = _made_major_late(world)
    closed_before = _made_major_late(world, cause_analysis="Corrigé.", closed_on=D(2026, 3, 5))
    open_at_audit = _made_major_late(world)
    raised_major = NonConformityFactory(center=world.center, severity="major")
    AuditFactory(
        center=world.center,
        kind="internal",
        starts_on=D(2026, 3, 2),
    )  # an internal audit grades nothing
    audit = AuditFactory(
        center=world.center,
        kind="external",
        certifier="Organisme accrédité",
        starts_on=D(2026, 3, 10),
    )
    NonConformity.objects.filter(pk=minor_again.pk).update(center=world.other_center)
    executor = MigrationExecutor(connection)
    latest = [key for key in executor.loader.graph.leaf_nodes() if key[0] == "certification"]
    try:
        _migrate([("certification", "0004_nc_escalated_at_audit")])
        _migrate(latest)
    except BaseException:
        _migrate(latest)  # leave the test database as the other tests expect it
        raise

    def state(nc):
        nc = NonConformity.objects.get(pk=nc.pk)
        return nc.severity, nc.escalated_at_audit_id, nc.late_alerted_on

    assert state(minor_again) == ("minor", None, D(2026, 3, 1))  # no audit in its centre
    assert state(closed_before) == ("minor", None, D(2026, 3, 1))
    assert state(open_at_audit) == ("major", audit.pk, D(2026, 3, 1))
    assert state(raised_major)[:2] == ("major", None)
    last = minor_again.events.order_by("pgh_id").last()
    assert last.severity == "minor"
    assert "redevient mineure" in last.pgh_context.metadata["reason"]
    assert last.pgh_context.metadata["service"] == "certification.0005_nc_severity_by_audit"
    assert (
        "reste majeure"
        in (open_at_audit.events.order_by("pgh_id").last().pgh_context.metadata["reason"])
    )
