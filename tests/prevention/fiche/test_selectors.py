"""FE alerts and indicators, with time travel (``today=``), and the weekly e-mail."""

import datetime

import pytest
from django.core import mail

from adherents.models import Adherent
from prevention.fiche import selectors, services, tasks
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.matrix_prevention.fiche import ctx_of, sent, validated
from tests.prevention.factories import FicheFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _member(world, joined: datetime.date, **kwargs):
    adherent = AdherentFactory(team=world.team, joined_on=joined, **kwargs)
    return EstablishmentFactory(adherent=adherent)


def test_the_renewal_alert_appears_four_years_after_sending(world, settings):
    settings.SPSTI_FE_RENEWAL_YEARS = 4
    Adherent.objects.filter(pk=world.adherent.pk).update(joined_on=D(2026, 1, 5))
    version = validated(world)
    services.send_version(
        actor=ctx_of(world.actors["prevention_assistant"]), version=version, today=D(2026, 11, 23)
    )
    teams = {world.team.pk}
    assert not selectors.renewal_alerts(teams, today=D(2026, 11, 23)).exists()
    assert not selectors.renewal_alerts(teams, today=D(2030, 8, 24)).exists()
    assert list(selectors.renewal_alerts(teams, today=D(2030, 8, 25))) == [version.fiche]
    assert list(selectors.renewal_alerts(teams, today=D(2030, 11, 23))) == [version.fiche]
    assert not selectors.renewal_alerts({world.other_team.pk}, today=D(2030, 11, 23)).exists()
    assert world.establishment not in selectors.first_fiche_alerts(teams, today=D(2026, 12, 1))


@pytest.mark.parametrize(
    ("joined", "quiet_on", "alert_on"),
    [
        (D(2026, 2, 1), D(2026, 12, 2), D(2026, 12, 3)),  # due 01/02/2027, 60 days before
        (D(2024, 2, 29), D(2024, 12, 29), D(2024, 12, 30)),  # due 28/02/2025
    ],
)
def test_the_first_fe_is_announced_sixty_days_before_its_deadline(
    world, joined, quiet_on, alert_on
):
    establishment = _member(world, joined)
    teams = {world.team.pk}
    assert establishment not in selectors.first_fiche_alerts(teams, today=quiet_on)
    assert establishment in selectors.first_fiche_alerts(teams, today=alert_on)
    # Once the FE is opened, its stored deadline decides the same way.
    FicheFactory(establishment=establishment, first_due_on=selectors.first_due_of(establishment))
    assert establishment not in selectors.first_fiche_alerts(teams, today=quiet_on)
    assert establishment in selectors.first_fiche_alerts(teams, today=alert_on)


def test_independents_and_former_members_raise_no_fe_alert(world):
    independent = _member(world, D(2020, 1, 1), kind=Adherent.Kind.TNS)
    former = _member(world, D(2020, 1, 1), status=Adherent.Status.ENDED)
    alerts = set(selectors.first_fiche_alerts({world.team.pk}, today=D(2026, 11, 23)))
    assert {world.establishment, world.other_establishment} <= alerts
    assert not {independent, former} & alerts


def test_indicators_count_recent_fes_and_first_fes_on_time(world):
    today = D(2026, 11, 23)
    Adherent.objects.filter(pk=world.adherent.pk).update(joined_on=D(2022, 5, 1))
    Adherent.objects.filter(pk=world.other_adherent.pk).update(joined_on=D(2021, 12, 1))
    FicheFactory(establishment=world.establishment, first_due_on=D(2023, 5, 1))
    FicheFactory(establishment=world.other_establishment, first_due_on=D(2022, 12, 1))
    sent(world, sent_on=D(2023, 6, 1))  # A: late, 3 years and a half old
    sent(world, establishment=world.other_establishment, sent_on=D(2022, 11, 23))  # B: 4 years
    _member(world, D(2025, 6, 1))  # due 01/06/2026, none: late
    _member(world, D(2026, 2, 1))  # due 01/02/2027: not expected yet
    _member(world, D(2020, 1, 1), kind=Adherent.Kind.TNS)  # no FE for an independent

    figures = selectors.fiche_indicators({world.team.pk}, today=today, years=4)
    assert (figures.members_count, figures.members_with_recent_fiche) == (4, 1)
    assert figures.recent_share == 25.0
    assert (figures.fiches_expected, figures.fiches_on_time) == (3, 1)
    assert figures.on_time_share == 33.3
    teams = {world.team.pk}
    assert (
        figures.first_alert_count == selectors.first_fiche_alerts(teams, today=today).count() == 1
    )
    assert figures.renewal_alert_count == selectors.renewal_alerts(teams, today=today).count() == 1
    empty = selectors.fiche_indicators({world.other_team.pk + 1000}, today=today, years=4)
    assert empty.recent_share is None


def test_the_weekly_alert_goes_to_the_teams_prevention_assistants_once_a_week(world):
    sent_count = services.send_deadline_alerts(today=D(2026, 11, 23), week="2026-W48")
    assert sent_count == 1
    (message,) = mail.outbox
    assert message.to == [world.actors["prevention_assistant"].email]
    assert world.adherent.name in message.body
    assert world.establishment.siret in message.body
    assert "EN RETARD" in message.body
    assert services.send_deadline_alerts(today=D(2026, 11, 24), week="2026-W48") == 0
    assert services.send_deadline_alerts(today=D(2026, 11, 30), week="2026-W49") == 1
    assert len(mail.outbox) == 2


def test_the_task_sends_this_weeks_alerts_and_is_idempotent(world):
    assert tasks.alert_fiche_deadlines() == 1
    assert tasks.alert_fiche_deadlines() == 0  # redelivered: nothing sent twice
    assert len(mail.outbox) == 1


def test_the_due_status_explains_itself_in_words(world):
    today = D(2026, 11, 23)
    late = selectors.due_status(first_due_on=D(2026, 1, 1), renewal_due_on=None, today=today)
    assert (late.label, late.level) == ("Première FE en retard (due le 01/01/2026)", "danger")
    soon = selectors.due_status(
        first_due_on=D(2020, 1, 1), renewal_due_on=D(2027, 2, 1), today=today
    )
    assert (soon.label, soon.level) == ("À renouveler avant le 01/02/2027", "warning")
    fine = selectors.due_status(
        first_due_on=D(2020, 1, 1), renewal_due_on=D(2029, 2, 1), today=today
    )
    assert fine.level == "success"
