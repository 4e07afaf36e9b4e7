"""The yearly cycle of established members, and the weekly digest of overdue steps."""

import datetime

import pytest
from django.utils import timezone

from accounts.enums import StaffRole
from adherents.models import Adherent, TrajectoryStep, TrajectoryStepDefinition
from adherents.trajectory import services, tasks
from spsti import mail
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories import AdherentFactory
from tests.adherents.factories_trajectory import close, new_member, started

pytestmark = pytest.mark.django_db
D = datetime.date


def _yearly(year):
    return TrajectoryStep.objects.filter(cycle_year=year)


def test_the_yearly_cycle_opens_once_for_active_members_who_joined_before(world):
    Adherent.objects.filter(pk=world.other_adherent.pk).update(
        status=Adherent.Status.ENDED, ended_on=D(2025, 12, 31)
    )
    newcomer = AdherentFactory(team=world.team, joined_on=D(2026, 1, 1))
    suspended = AdherentFactory(
        team=world.team, joined_on=D(2020, 5, 1), status=Adherent.Status.SUSPENDED
    )
    tasks.open_yearly_cycle.delay(2026)
    tasks.open_yearly_cycle.delay(2026)  # redelivered: nothing more
    services.open_yearly_cycle(year=2026, chunk=1)  # by chunks of one: still nothing more
    opened = set(_yearly(2026).values_list("adherent_id", "definition__code", "due_on"))
    gamma = Adherent.objects.get(name="Scierie Gamma")  # the other centre's member, active
    assert opened == {
        (world.adherent.pk, "yearly_review", D(2026, 4, 1)),  # 1 Jan + 90 days
        (world.adherent.pk, "yearly_satisfaction", D(2026, 10, 28)),  # 1 Jan + 300 days
        (gamma.pk, "yearly_review", D(2026, 4, 1)),
        (gamma.pk, "yearly_satisfaction", D(2026, 10, 28)),
    }
    assert not _yearly(2026).filter(adherent__in=[newcomer, suspended]).exists()


def test_each_year_has_its_own_cycle_and_an_inactive_step_is_not_opened(world):
    TrajectoryStepDefinition.objects.filter(code="yearly_satisfaction").update(is_active=False)
    assert services.open_yearly_cycle(year=2025, chunk=1) == 3  # A, B, Gamma (joined 2024)
    services.open_yearly_cycle(year=2026)
    assert _yearly(2025).count() == _yearly(2026).count() == 3
    assert set(_yearly(2026).values_list("definition__code", flat=True)) == {"yearly_review"}


def test_the_task_defaults_to_the_current_year(world):
    tasks.open_yearly_cycle.delay()
    assert _yearly(timezone.localdate().year).count() == 6


# ---------------------------------------------------------------------------------- digest

TODAY = D(2026, 3, 30)  # a Monday, ISO week 2026-W14


@pytest.fixture
def overdue(world):
    """A's team: a welcome call and a meeting invitation late (member service), a prevention
    visit late (prevention assistant); another centre: its own late welcome call."""
    late = new_member(world.team, D(2025, 8, 1), name="Menuiserie Delta")
    close(started(late)["welcome_call"], on=D(2025, 8, 5))
    new_member(world.team, D(2026, 3, 1), name="Plâtrerie Epsilon")  # welcome due 16/03
    new_member(world.other_team, D(2026, 3, 1), name="Verrerie Êta")
    return late


def _mails_to(mailoutbox, user):
    return [m for m in mailoutbox if m.to == [user.email]]


def test_the_digest_sends_each_staff_member_its_overdue_steps_once_a_week(
    world, overdue, mailoutbox
):
    week = mail.iso_week(TODAY)
    assert week == "2026-W14"
    sent = services.send_overdue_digests(today=TODAY)
    assert services.send_overdue_digests(today=TODAY + datetime.timedelta(days=2)) == 0
    agent, assistant = world.actors["member_service"], world.actors["prevention_assistant"]
    (to_agent,) = _mails_to(mailoutbox, agent)
    assert "Plâtrerie Epsilon — Appel de bienvenue — avant le 16/03/2026 (14 jours" in (
        to_agent.body
    )
    assert "Menuiserie Delta — Invitation à une rencontre employeurs" in to_agent.body
    assert "Rendez-vous de la prévention" not in to_agent.body  # not its role
    assert "Verrerie Êta" not in to_agent.body  # another centre
    assert "/back-office/trajectoire/en-retard/" in to_agent.body
    (to_assistant,) = _mails_to(mailoutbox, assistant)
    assert "Menuiserie Delta — Rendez-vous de la prévention" in to_assistant.body
    assert "Appel de bienvenue" not in to_assistant.body
    assert not _mails_to(mailoutbox, world.actors["nurse"])  # owns no step
    assert not _mails_to(mailoutbox, world.actors["physician_other"])
    assert sent == len(mailoutbox) == 2
    # The next ISO week, the same steps are mailed again.
    assert services.send_overdue_digests(today=TODAY + datetime.timedelta(days=7)) == 2


def test_the_other_centre_s_member_service_gets_its_own_centre(world, overdue, mailoutbox):
    other = StaffAssignmentFactory(
        center=world.other_center, team=None, role=StaffRole.MEMBER_SERVICE
    ).user
    services.send_overdue_digests(today=TODAY)
    (digest,) = _mails_to(mailoutbox, other)
    assert "Verrerie Êta" in digest.body
    assert "Plâtrerie Epsilon" not in digest.body


def test_the_weekly_task_queues_once_per_week_through_the_outbox_key(world, overdue, mailoutbox):
    first = tasks.send_overdue_digests.delay().get()
    assert tasks.send_overdue_digests.delay().get() == 0
    assert first == len(mailoutbox) == 2
