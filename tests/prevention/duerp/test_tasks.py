"""Yearly DUERP reminder (R4121-2) and the centre's DUERP indicators (seed 004)."""

import datetime

import pytest
from django.utils import timezone

from accounts.enums import AdherentRole
from adherents.models import Adherent
from prevention.duerp import selectors as selectors_duerp
from prevention.duerp import tasks as tasks_duerp
from prevention.models import DuerpVersion, PreventionAction
from tests.adherents.factories import AdherentFactory, AdherentMembershipFactory
from tests.prevention.duerp.support import add_risk, ctx_of, open_workspace, published_world
from tests.prevention.factories import (
    DuerpFactory,
    DuerpRiskFactory,
    PreventionActionFactory,
    WorkUnitFactory,
)
from tests.suivi_sante.factories import EmploymentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 18)  # a Wednesday


def member_with_version(world, *, headcount: int, published_on: datetime.date, name: str):
    """A member with an admin, a prevention contact and an HR user, and one old version."""
    adherent = AdherentFactory(team=world.team, name=name)
    for role in (AdherentRole.ADMIN, AdherentRole.PREVENTION_CONTACT, AdherentRole.HR):
        AdherentMembershipFactory(adherent=adherent, role=role)
    duerp = DuerpFactory(adherent=adherent, headcount=headcount)
    published_at = timezone.make_aware(datetime.datetime.combine(published_on, datetime.time(10)))
    DuerpVersion.objects.create(  # an insert, as publication does: versions are never updated
        duerp=duerp,
        number=1,
        published_at=published_at,
        published_by=world.actors["portal_admin"],
        snapshot={},
        sha256="0" * 64,
        keep_until=published_on.replace(year=published_on.year + 40),
    )
    return adherent


def emails_of(adherent, roles=(AdherentRole.ADMIN, AdherentRole.PREVENTION_CONTACT)) -> set:
    return set(adherent.memberships.filter(role__in=roles).values_list("user__email", flat=True))


def test_reminder_goes_to_11_workers_with_a_13_month_old_version_once_a_week(world, mailoutbox):
    thirteen_months_ago = datetime.date(2025, 10, 18)
    eleven = member_with_version(
        world, headcount=11, published_on=thirteen_months_ago, name="Onze salariés"
    )
    member_with_version(world, headcount=10, published_on=thirteen_months_ago, name="Dix")
    member_with_version(
        world, headcount=40, published_on=datetime.date(2025, 12, 18), name="Onze mois"
    )

    assert tasks_duerp.remind_duerp_updates(today=TODAY) == 1  # one chunk

    (mail,) = mailoutbox
    assert set(mail.to) == emails_of(eleven)  # admin and prevention contact, not HR
    assert "Onze salariés" in mail.subject
    assert "18/10/2025" in mail.body
    assert "R4121-2" in mail.body

    tasks_duerp.remind_duerp_updates(today=TODAY + datetime.timedelta(days=2))  # same ISO week
    assert len(mailoutbox) == 1
    tasks_duerp.remind_duerp_updates(today=TODAY + datetime.timedelta(days=7))  # next week
    assert len(mailoutbox) == 2


def test_the_yearly_update_is_due_on_the_anniversary(world, mailoutbox):
    member_with_version(
        world, headcount=11, published_on=datetime.date(2025, 11, 19), name="Demain"
    )
    tasks_duerp.remind_duerp_updates(today=TODAY)
    assert mailoutbox == []
    tasks_duerp.remind_duerp_updates(today=datetime.date(2026, 11, 23))
    assert len(mailoutbox) == 1


def test_a_member_of_11_workers_without_any_version_gets_a_first_reminder(world, mailoutbox):
    adherent = AdherentFactory(team=world.team, name="Jamais publié")
    AdherentMembershipFactory(adherent=adherent, role=AdherentRole.ADMIN)
    establishment = adherent.establishments.create(
        siret=f"{adherent.siren}00017", name="Siège", address="1 rue", postal_code="71000", city="M"
    )
    for _ in range(11):
        EmploymentFactory(worker__adherent=adherent, establishment=establishment)
    small = AdherentFactory(team=world.team, name="Trois salariés")
    AdherentMembershipFactory(adherent=small, role=AdherentRole.ADMIN)
    DuerpFactory(adherent=small, headcount=3)

    tasks_duerp.remind_duerp_updates(today=TODAY)

    (mail,) = mailoutbox
    assert "Jamais publié" in mail.subject
    assert "Aucune version" in mail.body
    assert "11 salariés" in mail.body


def test_indicators_count_accompanied_and_published_members(world):
    version = published_world(world)  # A: published by its employer
    PreventionActionFactory(
        adherent=world.other_adherent,
        kind=PreventionAction.Kind.DUERP_SUPPORT,
        performed_on=TODAY - datetime.timedelta(days=30),
    )  # B: a recorded support action
    third = AdherentFactory(team=world.team, name="Sans accompagnement")
    PreventionActionFactory(  # too old
        adherent=third,
        kind=PreventionAction.Kind.DUERP_SUPPORT,
        performed_on=TODAY - datetime.timedelta(days=400),
    )
    PreventionActionFactory(adherent=third, kind="awareness", performed_on=TODAY)  # another kind
    DuerpRiskFactory(duerp=DuerpFactory(adherent=third))  # edited without any staff
    AdherentFactory(team=world.team, kind=Adherent.Kind.TNS)  # no DUERP to write
    AdherentFactory(team=world.team, status=Adherent.Status.ENDED)
    # Last: pghistory's context lives until the end of the transaction (the whole test here).
    unit = WorkUnitFactory(establishment=world.establishment, name="Cave")
    add_risk(world, version.duerp, unit, actor="prevention_assistant")  # A: a staff edit

    indicators = selectors_duerp.duerp_indicators(ctx_of(world, "nurse"), today=TODAY)

    assert (indicators.member_count, indicators.accompanied_count) == (3, 2)
    assert indicators.published_count == 1
    assert (indicators.accompanied_share, indicators.published_share) == (66.7, 33.3)
    other = selectors_duerp.duerp_indicators(ctx_of(world, "physician_other"), today=TODAY)
    assert (other.member_count, other.accompanied_count, other.published_count) == (1, 0, 0)


def test_an_employer_edit_does_not_count_as_accompaniment(world):
    duerp = open_workspace(world)
    add_risk(world, duerp, WorkUnitFactory(establishment=world.establishment))
    indicators = selectors_duerp.duerp_indicators(ctx_of(world, "nurse"), today=TODAY)
    assert indicators.accompanied_count == 0
