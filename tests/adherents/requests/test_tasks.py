"""The assignees' daily digest of late requests and overdue referrals, once per day."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.enums import StaffRole
from adherents.requests import services_mail as requests_mail
from adherents.requests import tasks
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories_requests import (
    MemberRequestFactory,
    PartnerFactory,
    ReferralFactory,
    set_times,
)

pytestmark = pytest.mark.django_db


def test_digest_lists_each_assignees_late_requests_and_overdue_referrals(world):
    agent = world.actors["member_service"]
    colleague = StaffAssignmentFactory(
        center=world.center, team=world.team, role=StaffRole.MEMBER_SERVICE
    ).user
    now = timezone.now()
    today = timezone.localdate()
    set_times(
        MemberRequestFactory(adherent=world.adherent, subject="Sans réponse", assigned_to=agent),
        created_at=now - datetime.timedelta(days=7),
    )
    MemberRequestFactory(adherent=world.adherent, subject="Toute récente", assigned_to=agent)
    ReferralFactory(  # assigned request: to its assignee
        request=MemberRequestFactory(
            adherent=world.adherent, subject="Chez la CARSAT", assigned_to=agent
        ),
        partner=PartnerFactory(name="CARSAT Centre-Est"),
        sent_on=today - datetime.timedelta(days=20),
        due_on=today - datetime.timedelta(days=2),
        sent_by=colleague,
    )
    ReferralFactory(  # unassigned request: to the agent who routed it
        request=MemberRequestFactory(adherent=world.adherent, subject="Chez l'ARACT"),
        partner=PartnerFactory(name="ARACT", kind="aract"),
        sent_on=today - datetime.timedelta(days=20),
        due_on=today - datetime.timedelta(days=2),
        sent_by=colleague,
    )

    assert tasks.send_request_digests.delay().get() == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    body = by_recipient[agent.email].body
    assert "Sans réponse" in body
    assert "Chez la CARSAT" in body
    assert "CARSAT Centre-Est" in body
    assert "Toute récente" not in body
    assert "Chez l'ARACT" not in body
    assert "Chez l'ARACT" in by_recipient[colleague.email].body

    assert tasks.send_request_digests.delay().get() == 0  # same day: not again
    assert len(mail.outbox) == 2
    assert requests_mail.send_digests(now=now + datetime.timedelta(days=1)) == 2  # next day


def test_no_digest_without_anything_late(world):
    MemberRequestFactory(adherent=world.adherent, assigned_to=world.actors["member_service"])
    assert tasks.send_request_digests.delay().get() == 0
    assert mail.outbox == []
